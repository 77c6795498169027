"""Form bodies that are not valid UTF-8: read, not refused with a 500.

Litestar decodes each multipart text field strictly, so one undecodable byte raised
UnicodeDecodeError past every handler. Our request class re-reads such a body with the
undecodable bytes replaced (U+FFFD, as URL-encoded forms already are); the form's own
validation then names the field (see nominations.schemas) and shows what was typed."""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO
from typing import Any, cast

from litestar import Request
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState
from multipart import MultipartError, MultipartParser  # type: ignore[import-untyped]

#: what replaced an undecodable byte; a text field holding it was not valid UTF-8
REPLACEMENT = "\ufffd"


def _lenient_multipart(body: bytes, *, boundary: str, part_limit: int) -> dict[str, list[Any]]:
    fields: defaultdict[str, list[Any]] = defaultdict(list)
    try:
        parser = MultipartParser(BytesIO(body), boundary, part_limit=part_limit, memory_limit=len(body) + 1)
        for part in parser:
            if part.filename:
                fields[part.name].append(
                    UploadFile(
                        content_type=part.content_type,
                        filename=part.filename,
                        file_data=part.raw,
                        headers=dict(part.headerlist),
                    )
                )
            else:
                fields[part.name].append(part.raw.decode(part.charset, errors="replace"))
    except MultipartError as exc:
        raise ClientException("Invalid multipart/form-data") from exc
    return fields


class LenientFormRequest(Request[Any, Any, Any]):
    """The app's request class (the CSRF middleware reads forms through it too)."""

    async def form(self) -> FormMultiDict:
        content_type, options = self.content_type
        state = ScopeState.from_scope(self.scope)
        if content_type != RequestEncodingType.MULTI_PART or state.form is not Empty:
            return await super().form()
        body = await self.body()  # cached, so a second parse reads it again, not the socket
        try:
            return await super().form()
        except UnicodeDecodeError:
            form_data = _lenient_multipart(
                body, boundary=options.get("boundary", ""), part_limit=self.app.multipart_form_part_limit
            )
            state.form = cast("Any", form_data)
            self._form = FormMultiDict.from_form_data(dict(form_data))
            return self._form
