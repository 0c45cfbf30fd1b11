"""Form rows the Scan and Settings screens share, built here once: the folder list with its
Add and Remove buttons, and one checkbox per registered scanner. The screens pass their own
(translated) labels and connect the buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QListWidget, QPushButton, QVBoxLayout, QWidget


def folder_row(folders: QListWidget, add: QPushButton, remove: QPushButton) -> QHBoxLayout:
    """The folder list, its Add and Remove buttons stacked on its right."""
    row = QHBoxLayout()
    row.addWidget(folders, 1)
    buttons = QVBoxLayout()
    buttons.addWidget(add)
    buttons.addWidget(remove)
    buttons.addStretch(1)
    row.addLayout(buttons)
    return row


def scanner_boxes(chosen: Sequence[str], files_title: str
                  ) -> tuple[QWidget, dict[str, QCheckBox]]:
    """A checkbox per registered scanner (checked when in `chosen`, or all when it is
    empty), wrapping over lines: the widget and the boxes by scanner id. `files_title`
    names the file scan, the others keep their own titles."""
    from desktop.texts.labels import scanner_title
    from desktop.widgets.flow_layout import FlowLayout
    from scanners.registry import SCANNERS

    flow = FlowLayout(spacing=8)  # a dozen scanners wrap instead of widening the window
    boxes: dict[str, QCheckBox] = {}
    for cls in SCANNERS:
        box = QCheckBox(files_title if cls.id == "content.files"
                        else scanner_title(cls.id, cls.title))
        box.setToolTip(cls.id)
        box.setChecked(not chosen or cls.id in chosen)
        boxes[cls.id] = box
        flow.addWidget(box)
    widget = QWidget()
    widget.setLayout(flow)
    return widget, boxes
