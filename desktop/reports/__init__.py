"""The Reports screen: exporting an audit."""
