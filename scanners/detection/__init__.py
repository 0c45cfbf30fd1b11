"""Detection: rules, validators by family, the detector, its prefilter, previews and
fingerprints."""
