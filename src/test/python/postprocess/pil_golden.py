# Golden values for the inpainting image operations, computed with the real libraries A1111 v1.10 calls
# (Pillow 9.x, OpenCV 4.x), so PilGoldenTest can check our Java re-implementation without Python.
#
# Run from the repository root (Debian: apt-get install python3-pil python3-opencv python3-numpy):
#   /usr/bin/python3 src/test/python/postprocess/pil_golden.py
# It writes src/test/resources/postprocess/pil-golden.json (inputs and outputs, flattened row-major,
# channels interleaved). The A1111 recipes below (mask blur, resize_image, overlay, fill, latmask) are
# our own few-line restatements of the calls in modules/processing.py, images.py and masking.py of
# A1111 v1.10; every pixel value comes from Pillow or OpenCV.
import base64
import io
import json
import os
import sys

import cv2
import numpy as np
import PIL
from PIL import Image, ImageFilter, ImageOps

LANCZOS = Image.LANCZOS


def hash8(i, salt):
    v = (i * 2654435761 + salt * 40503) & 0xFFFFFFFF
    v ^= v >> 15
    v = (v * 2246822519) & 0xFFFFFFFF
    v ^= v >> 13
    return v & 255


def picture(w, h, salt=1):
    """Gradients plus hash noise, RGB."""
    a = np.zeros((h, w, 3), np.uint8)
    for y in range(h):
        for x in range(w):
            i = y * w + x
            a[y, x] = ((x * 11 + hash8(i, salt) // 4) & 255, (y * 13 + 40) & 255, hash8(i, salt + 7))
    return Image.fromarray(a, 'RGB')


def mask_l(w, h):
    """A rectangle of 255, two isolated pixels and a grey column."""
    a = np.zeros((h, w), np.uint8)
    a[h // 4:h * 2 // 3, w // 4:w * 5 // 8] = 255
    a[1, 1] = 255
    a[h - 2, w - 3] = 255
    a[:, w - 1] = 100
    return Image.fromarray(a, 'L')


def flat(img):
    return [int(v) for v in np.asarray(img).reshape(-1)]


def entry(img):
    return {'w': img.width, 'h': img.height, 'mode': img.mode, 'data': flat(img)}


# --- A1111 v1.10 recipes (processing.py / images.py / masking.py), restated ---

def create_binary_mask(image, round=True):
    if image.mode == 'RGBA' and image.getextrema()[-1] != (255, 255):
        image = image.split()[-1].convert('L')
        if round:
            image = image.point(lambda x: 255 if x > 128 else 0)
    else:
        image = image.convert('L')
    return image


def blur_mask(image_mask, bx, by):
    if bx > 0:
        k = 2 * int(2.5 * bx + 0.5) + 1
        image_mask = Image.fromarray(cv2.GaussianBlur(np.array(image_mask), (k, 1), bx))
    if by > 0:
        k = 2 * int(2.5 * by + 0.5) + 1
        image_mask = Image.fromarray(cv2.GaussianBlur(np.array(image_mask), (1, k), by))
    return image_mask


def resize_image(mode, im, width, height):
    # upscaler_for_img2img None: every resize is a plain LANCZOS resize.
    def resize(im, w, h):
        return im.resize((w, h), resample=LANCZOS)

    if mode == 0:
        return resize(im, width, height)
    ratio = width / height
    src_ratio = im.width / im.height
    if mode == 1:
        src_w = width if ratio > src_ratio else im.width * height // im.height
        src_h = height if ratio <= src_ratio else im.height * width // im.width
        resized = resize(im, src_w, src_h)
        res = Image.new('RGB', (width, height))
        res.paste(resized, box=(width // 2 - src_w // 2, height // 2 - src_h // 2))
        return res
    src_w = width if ratio < src_ratio else im.width * height // im.height
    src_h = height if ratio >= src_ratio else im.height * width // im.width
    resized = resize(im, src_w, src_h)
    res = Image.new('RGB', (width, height))
    res.paste(resized, box=(width // 2 - src_w // 2, height // 2 - src_h // 2))
    if ratio < src_ratio:
        fill_height = height // 2 - src_h // 2
        if fill_height > 0:
            res.paste(resized.resize((width, fill_height), box=(0, 0, width, 0)), box=(0, 0))
            res.paste(resized.resize((width, fill_height), box=(0, resized.height, width, resized.height)),
                      box=(0, fill_height + src_h))
    elif ratio > src_ratio:
        fill_width = width // 2 - src_w // 2
        if fill_width > 0:
            res.paste(resized.resize((fill_width, height), box=(0, 0, 0, height)), box=(0, 0))
            res.paste(resized.resize((fill_width, height), box=(resized.width, 0, resized.width, height)),
                      box=(fill_width + src_w, 0))
    return res


def overlay_image(image, mask_for_overlay):
    image_masked = Image.new('RGBa', (image.width, image.height))
    image_masked.paste(image.convert('RGBA').convert('RGBa'), mask=ImageOps.invert(mask_for_overlay.convert('L')))
    return image_masked.convert('RGBA')


def apply_overlay(image, paste_loc, overlay):
    if paste_loc is not None:
        x, y, w, h = paste_loc
        base = Image.new('RGBA', (overlay.width, overlay.height))
        base.paste(resize_image(1, image, w, h), (x, y))
        image = base
    image = image.convert('RGBA')
    image.alpha_composite(overlay)
    return image.convert('RGB')


def doubled(mask):
    return Image.fromarray(np.clip(np.array(mask).astype(np.float32) * 2, 0, 255).astype(np.uint8))


def flatten(img, bgcolor):
    if img.mode == 'RGBA':
        background = Image.new('RGBA', img.size, bgcolor)
        background.paste(img, mask=img)
        img = background
    return img.convert('RGB')


def fill(image, mask):
    image_mod = Image.new('RGBA', (image.width, image.height))
    image_masked = Image.new('RGBa', (image.width, image.height))
    image_masked.paste(image.convert('RGBA').convert('RGBa'), mask=ImageOps.invert(mask.convert('L')))
    image_masked = image_masked.convert('RGBa')
    for radius, repeats in [(256, 1), (64, 1), (16, 2), (4, 4), (2, 2), (0, 1)]:
        blurred = image_masked.filter(ImageFilter.GaussianBlur(radius)).convert('RGBA')
        for _ in range(repeats):
            image_mod.alpha_composite(blurred)
    return image_mod.convert('RGB')


def latmask(mask, lw, lh, round):
    m = mask.convert('RGB').resize((lw, lh))  # Pillow's default filter for RGB: BICUBIC
    m = np.array(m, dtype=np.float32)[:, :, 0] / 255
    if round:
        m = np.around(m)
    return [float(v) for v in m.reshape(-1)]


def main():
    out = {'pillow': PIL.__version__, 'opencv': cv2.__version__, 'numpy': np.__version__}

    # 1. cv2.GaussianBlur along one axis with A1111's kernel size, every integer sigma 1..64.
    rows = []
    src = np.array([[hash8(i, 3) for i in range(50)], [0] * 25 + [255] * 25, [hash8(i, 5) for i in range(50)]],
                   np.uint8)
    for sigma in range(1, 65):
        k = 2 * int(2.5 * sigma + 0.5) + 1
        rows.append({'sigma': sigma, 'horizontal': True, 'out': flat(cv2.GaussianBlur(src, (k, 1), sigma))})
        if sigma <= 12 or sigma % 8 == 0:
            rows.append({'sigma': sigma, 'horizontal': False,
                         'out': flat(cv2.GaussianBlur(np.ascontiguousarray(src.T), (1, k), sigma))})
    out['blur1d'] = {'src': entry(Image.fromarray(src, 'L')), 'cases': rows}

    # 2. A1111's mask blur (x then y) on 2-D masks, including masks smaller than the kernel.
    cases = []
    for (w, h) in [(24, 18), (5, 3), (1, 7), (9, 1)]:
        m = mask_l(w, h) if w > 2 and h > 2 else Image.fromarray(
            np.array([[hash8(y * w + x, 9) for x in range(w)] for y in range(h)], np.uint8), 'L')
        for (bx, by) in [(4, 4), (1, 1), (2, 5), (0, 3), (3, 0), (8, 8), (64, 64)]:
            cases.append({'bx': bx, 'by': by, 'src': entry(m), 'out': flat(blur_mask(m, bx, by))})
    out['blur2d'] = cases

    # 3. create_binary_mask (mask_round) on RGBA with translucent alpha, opaque RGBA, and RGB.
    rgba = np.zeros((10, 12, 4), np.uint8)
    for y in range(10):
        for x in range(12):
            i = y * 12 + x
            rgba[y, x] = (hash8(i, 11), hash8(i, 12), hash8(i, 13), (i * 37) & 255 if i % 5 else 128 + (i % 3))
    opaque = rgba.copy()
    opaque[:, :, 3] = 255
    binary = []
    for name, arr in [('translucent', rgba), ('opaque', opaque)]:
        img = Image.fromarray(arr, 'RGBA')
        for rnd in (True, False):
            binary.append({'name': name, 'round': rnd, 'src': entry(img), 'out': flat(create_binary_mask(img, rnd))})
    rgb = picture(12, 10, 21)
    binary.append({'name': 'rgb', 'round': True, 'src': entry(rgb), 'out': flat(create_binary_mask(rgb, True))})
    out['binary'] = binary

    # 4. images.resize_image, modes 0..3, RGB pictures and L masks, shrinking, growing, both fill directions.
    resize = []
    pic = picture(24, 18)
    msk = blur_mask(mask_l(24, 18), 2, 2)
    targets = [(32, 16), (16, 32), (24, 18), (48, 36), (12, 9), (40, 18), (24, 40), (24, 19), (25, 18), (7, 30)]
    for srcimg in (pic, msk):
        for mode in (0, 1, 2, 3):
            for (w, h) in (targets if mode != 3 else targets[:3]):
                r = resize_image(mode, srcimg, w, h)
                if srcimg.mode == 'L':
                    arr = np.array(r)
                    if arr.ndim == 3:  # Image.new('RGB') + paste(L): grey RGB
                        assert (arr[:, :, 0] == arr[:, :, 1]).all() and (arr[:, :, 0] == arr[:, :, 2]).all()
                        r = Image.fromarray(arr[:, :, 0], 'L')
                resize.append({'mode': mode, 'w': w, 'h': h, 'src': 'pic' if srcimg is pic else 'mask',
                               'out': flat(r)})
    out['resize'] = {'pic': entry(pic), 'mask': entry(msk), 'cases': resize}

    # 5. Image.alpha_composite over every kind of alpha pair.
    dst = np.zeros((16, 16, 4), np.uint8)
    srca = np.zeros((16, 16, 4), np.uint8)
    for i in range(256):
        dst[i // 16, i % 16] = (hash8(i, 31), hash8(i, 32), hash8(i, 33), [0, 255, hash8(i, 34)][i % 3])
        srca[i // 16, i % 16] = (hash8(i, 41), hash8(i, 42), hash8(i, 43), i if i % 4 else [0, 255][i % 8 // 4])
    d_img = Image.fromarray(dst, 'RGBA')
    s_img = Image.fromarray(srca, 'RGBA')
    out['composite'] = {'dst': entry(d_img), 'src': entry(s_img), 'out': flat(Image.alpha_composite(d_img, s_img))}

    # 6. The overlay and the final composite (whole picture and "Only masked" uncrop).
    blurred = blur_mask(mask_l(24, 18), 4, 4)
    mfo = doubled(blurred)
    ov = overlay_image(pic, mfo)
    gen = picture(24, 18, 51)
    gen_small = picture(16, 16, 61)
    out['overlay'] = {
        'pic': entry(pic), 'mask_for_overlay': entry(mfo), 'overlay': flat(ov),
        'generated': entry(gen), 'applied': flat(apply_overlay(gen, None, ov)),
        'overlay_only_masked': flat(overlay_image(pic, blurred)),
        'generated_small': entry(gen_small), 'paste_to': [5, 3, 12, 14],
        'applied_only_masked': flat(apply_overlay(gen_small, (5, 3, 12, 14), overlay_image(pic, blurred))),
    }

    # 7. images.flatten of an RGBA init image on img2img_background_color.
    fl = []
    rgba_pic = np.dstack([np.array(pic), np.array([[(x * 23 + y * 7) & 255 if (x + y) % 4 else [0, 255][x % 2]
                                                   for x in range(24)] for y in range(18)], np.uint8)])
    ri = Image.fromarray(rgba_pic, 'RGBA')
    for color in ('#ffffff', '#1e90ff'):
        fl.append({'color': color, 'out': flat(flatten(ri, color))})
    out['flatten'] = {'src': entry(ri), 'cases': fl}

    # 8. masking.fill (masked content "fill").
    out['fill'] = {'pic': entry(pic), 'mask': entry(blurred), 'out': flat(fill(pic, blurred))}

    # 9. The latent mask: RGB bicubic resize to the latent size, /255 in float32, np.around when mask_round.
    big = blur_mask(mask_l(64, 48), 4, 4)
    out['latmask'] = {'mask': entry(big), 'w': 8, 'h': 6, 'round': latmask(big, 8, 6, True),
                      'raw': latmask(big, 8, 6, False)}

    # 10. The end-to-end inpaint of PilGoldenInpaintTest: Img2ImgPipelineTest.picture(64, 64), a 20x20
    # rectangle mask (x 16..35, y 20..39), mask blur 4, "Whole picture": the blurred mask, the overlay.
    e2e = np.zeros((64, 64, 3), np.uint8)
    for y in range(64):
        for x in range(64):
            e2e[y, x] = ((x * 4) & 255, (y * 4) & 255, ((x + y) * 2) & 255)
    e2e_img = Image.fromarray(e2e, 'RGB')
    em = np.zeros((64, 64), np.uint8)
    em[20:40, 16:36] = 255
    e2e_cases = []
    for invert in (False, True):
        m = create_binary_mask(Image.fromarray(em, 'L'))
        if invert:
            m = ImageOps.invert(m)
        m = blur_mask(m, 4, 4)
        m = resize_image(0, m, 64, 64)
        ov_e = overlay_image(resize_image(0, e2e_img, 64, 64), doubled(m))
        e2e_cases.append({'invert': invert, 'blurred': flat(m), 'overlay': flat(ov_e)})
    out['e2e'] = {'init': entry(e2e_img), 'cases': e2e_cases}

    # 11. Decoding: PNG files as Pillow writes them (grey, grey + alpha, palette) and the RGB that
    # Image.open(...).convert('RGB') gives; A1111 reads grey values as they are stored (no gamma).
    ramp = np.array([[(x * 16 + y * 5) & 255 for x in range(16)] for y in range(4)], np.uint8)
    decode = []
    for mode in ('L', 'LA', 'P'):
        if mode == 'L':
            img = Image.fromarray(ramp, 'L')
        elif mode == 'LA':
            img = Image.fromarray(np.dstack([ramp, 255 - ramp]), 'LA')
        else:
            img = Image.fromarray(np.dstack([ramp, 255 - ramp, ramp // 2]), 'RGB').convert('P')
        buf = io.BytesIO()
        img.save(buf, format='PNG')
        back = Image.open(io.BytesIO(buf.getvalue()))
        decode.append({'mode': mode, 'png': base64.b64encode(buf.getvalue()).decode('ascii'),
                       'rgb': flat(back.convert('RGB')), 'l': flat(back.convert('L'))})
    out['decode'] = decode

    path = os.path.join('src', 'test', 'resources', 'postprocess', 'pil-golden.json')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', path, os.path.getsize(path), 'bytes', file=sys.stderr)


if __name__ == '__main__':
    main()
