"""Comparing layers: evaluation against gold, gold selection policies, agreement."""
