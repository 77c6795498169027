"""/admin/import: upload a CSV, XLSX or JSON Lines file, map its columns, import it whole.

The upload is kept on the server under a random token (catalogue.importing.pending); the
pages only carry the token. Every problem is listed at once; nothing is written unless every
row is valid."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import HTTPException, NotFoundException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import MultipartBody, PathParameter
from litestar.response import Redirect, Template

from catalogue.accounts.guards import CurrentUser
from catalogue.accounts.models import User
from catalogue.admin import imports
from catalogue.admin.pages import Form, render
from catalogue.admin.schemas import text
from catalogue.context import DbSession, SettingsDep
from catalogue.errors import handle_exception
from catalogue.importing import (
    DEFAULT_PROGRAMME,
    MAX_FILE_BYTES,
    ImportFailed,
    Table,
    UnreadableFile,
    auto_mapping,
    check_table,
    clean_programme,
    pending,
    read_table,
)
from catalogue.importing.fields import FIELDS
from catalogue.importing.mapping import Mapping, mapping_from_form
from catalogue.importing.preview import preview
from catalogue.importing.table import KIND_NAMES
from catalogue.importing.template import XLSX_TYPE, template_csv, template_xlsx
from catalogue.settings import Settings

TokenParam = Annotated[str, PathParameter(pattern=pending.TOKEN_PATTERN, description="The upload's token")]
GONE = "This upload does not exist or has expired (uploads are kept for two hours). Upload the file again."
MB = MAX_FILE_BYTES // (1024 * 1024)


def _directory(settings: Settings) -> Path:
    return settings.data_dir / "imports"


def _upload_page(request: Request[Any, Any, Any], user: User, *, error: str = "", status_code: int = 200) -> Template:
    form_error = {"form": "upload", "field": "file", "message": error, "values": {}} if error else None
    context = {"fields": FIELDS, "max_mb": MB}
    return render("import.html", context, user=user, request=request, status_code=status_code, form_error=form_error)


def _too_large(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:  # noqa: ARG001 - Litestar's handler signature
    """Raised while the body is read, before the guards run: an error page, not the admin's."""
    message = f"The file is larger than {MB} MB. Split it into smaller files and import them one by one."
    return handle_exception(request, HTTPException(status_code=413, detail=message))


@get("/import", name="admin_import", sync_to_thread=True)
def import_page(request: Request[Any, Any, Any], user: CurrentUser) -> Template:
    return _upload_page(request, user)


@get("/import/template.xlsx", name="admin_import_template_xlsx", sync_to_thread=True, media_type=XLSX_TYPE)
def template_xlsx_download() -> Response[bytes]:
    disposition = 'attachment; filename="catalogue-import-template.xlsx"'
    return Response(template_xlsx(), media_type=XLSX_TYPE, headers={"content-disposition": disposition})


@get("/import/template.csv", name="admin_import_template_csv", sync_to_thread=True, media_type="text/csv")
def template_csv_download() -> Response[bytes]:
    disposition = 'attachment; filename="catalogue-import-template.csv"'
    return Response(template_csv(), media_type="text/csv", headers={"content-disposition": disposition})


@post(
    "/import",
    name="admin_import_upload",
    sync_to_thread=True,
    status_code=303,
    request_max_body_size=MAX_FILE_BYTES + 64 * 1024,
    exception_handlers={RequestEntityTooLarge: _too_large},
    responses={413: ResponseSpec(None, description="The file is too large")},
)
def import_upload(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    settings: SettingsDep,
    user: CurrentUser,
    data: MultipartBody[dict[str, Any]],
) -> Template | Redirect:
    upload = data.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _upload_page(request, user, error="Choose a CSV, XLSX or JSON Lines file to upload.", status_code=400)
    upload.file.seek(0)
    content: bytes = upload.file.read(MAX_FILE_BYTES + 1)
    try:
        saved = imports.receive_upload(
            db_session, actor=user, directory=_directory(settings), content=content, filename=upload.filename
        )
    except UnreadableFile as exc:
        return _upload_page(request, user, error=str(exc), status_code=400)
    return Redirect(f"/admin/import/{saved.token}", status_code=303)


def _load(settings: Settings, token: str) -> tuple[pending.PendingUpload, Table]:
    try:
        upload, content = pending.load(_directory(settings), token)
        return upload, read_table(content, filename=upload.filename)
    except (pending.UploadGone, UnreadableFile):
        raise NotFoundException(GONE) from None


def _mapping_page(
    request: Request[Any, Any, Any],
    user: User,
    *,
    upload: pending.PendingUpload,
    table: Table,
    mapping: Mapping,
    programme: str,
    failure: ImportFailed | None = None,
    programme_error: str = "",
    checked: bool = False,
) -> Template:
    context = {
        **preview(table, mapping),
        "upload": upload,
        "kind_name": KIND_NAMES[table.kind],
        "jsonl": table.kind == "jsonl",
        "programme": programme,
        "failure": failure,
        "checked": checked,
    }
    form_error = None
    if programme_error:
        form_error = {
            "form": "mapping",
            "field": "programme",
            "message": programme_error,
            "values": {"programme": programme},
        }
    status = 400 if failure or programme_error else 200
    return render("import_mapping.html", context, user=user, request=request, status_code=status, form_error=form_error)


@get("/import/{token:str}", name="admin_import_mapping", sync_to_thread=True)
def import_mapping(
    request: Request[Any, Any, Any], settings: SettingsDep, user: CurrentUser, token: TokenParam
) -> Template:
    done = pending.result(_directory(settings), token)
    if done is not None:
        return render("import_done.html", {"summary": done}, user=user, request=request)
    upload, table = _load(settings, token)
    return _mapping_page(
        request, user, upload=upload, table=table, mapping=auto_mapping(table.headers), programme=DEFAULT_PROGRAMME
    )


@post(
    "/import/{token:str}",
    name="admin_import_run",
    sync_to_thread=True,
    status_code=303,
    responses={409: ResponseSpec(None, description="This upload is being imported already")},
)
def import_run(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    settings: SettingsDep,
    user: CurrentUser,
    token: TokenParam,
    data: Form,
) -> Template | Redirect:
    directory = _directory(settings)
    if pending.result(directory, token) is not None:
        return Redirect(f"/admin/import/{token}", status_code=303)
    upload, table = _load(settings, token)
    mapping = mapping_from_form(table, data)
    programme = text(data, "programme")
    page = partial(_mapping_page, request, user, upload=upload, table=table, mapping=mapping, programme=programme)
    try:
        programme = clean_programme(programme)
    except ValueError as exc:
        return page(programme_error=str(exc))
    try:
        if text(data, "action") == "check":
            check_table(db_session, table=table, mapping=mapping)
            return page(checked=True)
        imports.run_import(
            db_session,
            actor=user,
            directory=directory,
            upload=upload,
            table=table,
            mapping=mapping,
            programme=programme,
        )
    except imports.AlreadyRunning:
        return render("import_done.html", {"summary": None}, user=user, request=request, status_code=409)
    except ImportFailed as failure:
        return page(failure=failure)
    return Redirect(f"/admin/import/{token}", status_code=303)


HANDLERS = [
    import_page,
    template_xlsx_download,
    template_csv_download,
    import_upload,
    import_mapping,
    import_run,
]
