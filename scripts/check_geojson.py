#!/usr/bin/env python3
"""Validate a GeoJSON document (read from stdin) with the `geojson` package, an independent
implementation of RFC 7946's structure rules. Usage: check_geojson.py < doc.geojson

Prints `valid <n> features` and exits 0, or prints the validator's errors and exits 1.
"""
import json
import sys

import geojson

text = sys.stdin.read()
doc = geojson.loads(text)
if not isinstance(doc, geojson.FeatureCollection):
    print(f"not a FeatureCollection: {type(doc).__name__}")
    sys.exit(1)
if not doc.is_valid:
    print(json.dumps(doc.errors(), default=str))
    sys.exit(1)
for feature in doc["features"]:
    if not isinstance(feature, geojson.Feature) or not feature.is_valid:
        print(f"invalid feature: {feature.get('id')}: {feature.errors()}")
        sys.exit(1)
print(f"valid {len(doc['features'])} features")
