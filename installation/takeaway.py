"""The takeaway QR code: the museum's own address (guide.yaml, `takeaway`), nothing of the visitor.

Made with the `qrcode` library; the kiosk draws the matrix as a texture and the printed guide as
SVG, so no image file is ever written.
"""

from __future__ import annotations


def qr_matrix(address: str) -> list[list[bool]]:
    """The code's modules, row by row, with the 4-module quiet zone around them."""
    # Imported here, not at the top: qrcode brings Pillow, whose start-up calls mbind(), which the
    # screen timer's system call filter forbids (seen in the booted system test), and every
    # command of `python -m installation` imports this module.
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(address)
    code.make(fit=True)
    return code.get_matrix()


def qr_svg(address: str, size: str = "38mm") -> str:
    """The code as an inline SVG (black modules on white), `size` wide and high."""
    matrix = qr_matrix(address)
    n = len(matrix)
    path = "".join(f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{size}" height="{size}" '
        f'shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
