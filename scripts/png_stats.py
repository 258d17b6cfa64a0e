#!/usr/bin/env python3
"""Reads a PNG (8-bit RGB or RGBA, as rsvg-convert writes) and prints what a test needs to know:
its size, how many distinct colours it has and what share of its pixels are not white.

    python3 scripts/png_stats.py chart.png
    {"width": 760, "height": 330, "colors": 412, "ink": 0.31}
"""
import json
import struct
import sys
import zlib


def read(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"{path}: only 8-bit RGB/RGBA, not interlaced (depth {depth}, colour type {colour})")
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    width, height, bpp, rows = read(sys.argv[1])
    colours, ink = set(), 0
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + bpp]
            colours.add(px)
            # Transparent or white counts as blank paper.
            if not (bpp == 4 and px[3] == 0) and px[:3] != b"\xff\xff\xff":
                ink += 1
    print(json.dumps({"width": width, "height": height, "colors": len(colours), "ink": round(ink / (width * height), 4)}))


if __name__ == "__main__":
    main()
