"""Political-analysis tools: each is pure state (tested) plus a thin widget view."""
