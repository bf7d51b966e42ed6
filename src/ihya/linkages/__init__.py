"""Input–output linkages: multipliers, linked industries, extraction and revival impact."""
