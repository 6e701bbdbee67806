"""Citations of cables: one CSL-JSON record per cable, and the formats built from it."""
