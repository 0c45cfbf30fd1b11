"""The Findings screen: the table and its model, the filters, the detail of one finding."""
