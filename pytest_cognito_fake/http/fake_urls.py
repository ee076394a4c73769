"""URLs the API hands out that the fake serves itself: the logo a SetUICustomization uploaded
(its ImageUrl) and the pre-signed S3 upload of a user import job (its PreSignedUrl)."""

from __future__ import annotations

import secrets
from xml.sax.saxutils import escape

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from ..api import import_jobs
from ..crypto.text import same
from ..service import Service


def ui_image(service: Service, request: Request, pool_id: str, key: str, version: str) -> Response:
    """The logo a SetUICustomization uploaded, at the ImageUrl it reported."""
    with service.lock:
        pool = service.state.pools.get(pool_id)
        record = pool.ui.get(key) if pool is not None else None
        if not record or not record.get("image") or record["CSSVersion"] != version:
            raise NotFound()
        image = bytes(record["image"])
    kind = "image/png" if image.startswith(b"\x89PNG") else "image/jpeg"
    return Response(image, content_type=kind)


def _s3_error(status: int, code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{escape(message)}</Message></Error>"
    )
    return Response(body, status=status, content_type="application/xml")


def import_upload(service: Service, request: Request, pool_id: str, job_id: str) -> Response:
    """The pre-signed URL: HTTP PUT of the CSV, as curl -T or requests.put would send it."""
    if request.headers.get("x-amz-server-side-encryption") != "aws:kms":
        return _s3_error(
            403,
            "AccessDenied",
            "The pre-signed URL was signed with x-amz-server-side-encryption: aws:kms.",
        )
    body = request.get_data()
    ctx = service.context()
    with service.lock:
        pool = service.state.pools.get(pool_id)
        job = pool.import_jobs.get(job_id) if pool is not None else None
        signature = request.args.get("X-Amz-Signature", "")
        if pool is None or job is None or not same(signature, job["signature"]):
            return _s3_error(403, "SignatureDoesNotMatch", "The request signature is invalid.")
        import_jobs.get_job(pool, job_id, ctx)
        if job["Status"] != "Created":
            return _s3_error(403, "AccessDenied", "Request has expired")
        job["csv"] = body
    return Response(b"", status=200, headers={"ETag": f'"{secrets.token_hex(16)}"'})
