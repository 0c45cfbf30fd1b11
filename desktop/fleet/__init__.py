"""The Fleet screen: a collection folder of many hosts' results, merged and ranked."""
