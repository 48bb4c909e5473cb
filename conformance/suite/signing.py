"""AK/SK signing of the suite's requests, for servers whose pages document it.

A doc set's authentication page offers two ways in: a token in
``X-Auth-Token`` (given with ``--header`` / ``--header-env``) or a request
signed with an access key pair (``Authorization: SDK-HMAC-SHA256 Access=…,
SignedHeaders=…, Signature=…`` with ``X-Sdk-Date``). A signature covers the
method, path, query, headers and body of each request, so it cannot be a
fixed header: with ``--aksk-env AK_VAR:SK_VAR`` every request of an operation
whose contract lists AK/SK signing is signed just before it is sent, by the
signer of the official Huawei Cloud SDK core (``huaweicloudsdkcore``, extra
``sdk``): the implementation the servers verify against, not a copy of it.
The keys come from the environment and are never printed (the request's
``Authorization`` is redacted like every credential header).

Not responsible for choosing which operations are signed (the contract's
``auth``) or for sending (``client``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from .client import Request

__all__ = ["SigningError", "sign"]


class SigningError(RuntimeError):
    """The SDK signer is not installed."""


def sign(request: Request, ak: str, sk: str) -> Request:
    """``request`` with the ``Authorization`` and ``X-Sdk-Date`` headers of an AK/SK signature."""
    try:
        from huaweicloudsdkcore.auth.credentials import BasicCredentials
        from huaweicloudsdkcore.sdk_request import SdkRequest
        from huaweicloudsdkcore.signer.signer import Signer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SigningError("AK/SK signing needs huaweicloudsdkcore: pip install 'docconform[sdk]'") from exc
    url = urlsplit(request.url)
    headers = {k: v for k, v in request.headers if k.lower() not in ("authorization", "x-sdk-date")}
    sdk = SdkRequest(method=request.method, schema=url.scheme, host=url.netloc, resource_path=url.path,
                     uri=url.path, query_params=parse_qsl(url.query, keep_blank_values=True),
                     header_params=headers, body=request.body or b"")
    signed = Signer(BasicCredentials(ak, sk)).sign(sdk)
    added = [(k, str(v)) for k, v in signed.header_params.items()
             if k.lower() in ("authorization", "x-sdk-date")]
    return Request(request.method, request.url, (*request.headers, *added), request.body)
