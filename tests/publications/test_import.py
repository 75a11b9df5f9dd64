import json

from django.core.management import CommandError, call_command
from django.utils import translation

import pytest

from publications.models import PublicationPage


@pytest.fixture
def catalogues(register, chi_thi, cong_van, party):
    return register


def write(tmp_path, *lines, name="docs.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
        + "\n",
        encoding="utf-8",
    )
    return path


def run(path, *args):
    """(stdout, stderr) of the command, in English whatever is compiled."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        with translation.override("en"):
            call_command(
                "import_publications", str(path), *args, stdout=out, stderr=err
            )
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error)
    return out.getvalue(), err.getvalue()


DIRECTIVE = {
    "type": "Chỉ thị",
    "number": "22-CT/TU",
    "issuer": "dang-uy",
    "issue_date": "2017-04-03",
    "abstract": "Về tăng cường công tác dân vận",
    "signer_name": "Nguyễn Văn A",
    "files": [{"path": "files/ct22.pdf", "title": "Toàn văn"}],
}


@pytest.fixture
def media(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "ct22.pdf").write_bytes(b"%PDF-1.4 directive")
    return tmp_path


def test_import_creates_published_documents_with_files_and_relations(catalogues, media):
    plan = {
        "type": "cong-van",
        "number": "15-KH/TU",
        "issuer": "Đảng ủy xã",
        "issue_date": "2017-05-01",
        "abstract": "Triển khai Chỉ thị số 22",
        "relations": [
            {
                "kind": "guides",
                "type": "chi thi",
                "number": "22 CT TU",
                "issuer": "dang-uy",
            }
        ],
    }
    out, err = run(write(media, DIRECTIVE, plan))
    assert err == ""
    assert "created: 2, updated: 0, skipped: 0, failed: 0" in out
    directive = PublicationPage.objects.get(number="22-CT/TU")
    assert directive.live
    assert directive.title == "Chỉ thị số 22-CT/TU"
    [item] = directive.files.all()
    assert item.label == "Toàn văn"
    assert item.document.file_size == len(b"%PDF-1.4 directive")
    plan_page = PublicationPage.objects.get(number="15-KH/TU")
    assert [(r.kind, r.target_id) for r in plan_page.relations.all()] == [
        ("guides", directive.pk)
    ]


def test_import_is_idempotent_by_type_number_and_issuer(catalogues, media):
    path = write(media, DIRECTIVE)
    run(path)
    out, _err = run(path)
    assert "created: 0, updated: 0, skipped: 1, failed: 0" in out
    changed = {**DIRECTIVE, "number": "22/CT-TU", "abstract": "Về công tác dân vận"}
    out, _err = run(write(media, changed, name="changed.jsonl"))
    assert "created: 0, updated: 1, skipped: 0, failed: 0" in out
    page = PublicationPage.objects.get()
    assert page.abstract == "Về công tác dân vận"
    assert page.files.count() == 1


def test_errors_name_their_line_and_other_lines_go_through(catalogues, media):
    lines = [
        DIRECTIVE,
        "{not json",
        {**DIRECTIVE, "number": "1-CT/TU", "type": "Luật lạ"},
        {**DIRECTIVE, "number": "2-CT/TU", "issue_date": "3/4/2017"},
        {**DIRECTIVE, "number": "3-CT/TU", "files": ["../secret.pdf"]},
        {**DIRECTIVE, "number": "4-CT/TU", "files": ["/etc/passwd"]},
        {**DIRECTIVE, "number": "5-CT/TU", "files": ["files/missing.pdf"]},
        {k: v for k, v in DIRECTIVE.items() if k != "abstract"},
        {**DIRECTIVE, "number": "6-CT/TU", "bogus": 1},
        {
            **DIRECTIVE,
            "number": "7-CT/TU",
            "relations": [
                {"kind": "replaces", "type": "chi-thi", "number": "99", "issuer": "x"}
            ],
        },
    ]
    out, err = run(write(media, *lines))
    assert "created: 1, updated: 0, skipped: 0, failed: 9" in out
    reported = [
        line.split(":")[0] for line in err.splitlines() if line.startswith("line")
    ]
    assert reported == [f"line {n}" for n in range(2, 11)]
    assert "not valid JSON" in err
    assert "Luật lạ" in err
    assert "YYYY-MM-DD" in err
    assert PublicationPage.objects.count() == 1


def test_a_symlink_cannot_lead_out_of_the_media_folder(
    catalogues, media, tmp_path_factory
):
    outside = tmp_path_factory.mktemp("outside") / "secret.pdf"
    outside.write_bytes(b"%PDF secret")
    (media / "files" / "link.pdf").symlink_to(outside)
    out, err = run(write(media, {**DIRECTIVE, "files": ["files/link.pdf"]}))
    assert "outside the media folder" in err
    assert PublicationPage.objects.count() == 0


def test_dry_run_writes_nothing(catalogues, media):
    out, err = run(write(media, DIRECTIVE), "--dry-run")
    assert "Dry run" in out
    assert "created: 1" in out
    assert PublicationPage.objects.count() == 0


def test_draft_option_saves_unpublished_documents(catalogues, media):
    run(write(media, DIRECTIVE), "--draft")
    page = PublicationPage.objects.get()
    assert not page.live


def test_missing_file_is_a_clear_error(catalogues, tmp_path):
    _out, err = run(tmp_path / "nope.jsonl")
    assert "not found" in err


def test_a_line_nested_too_deeply_is_a_clear_error(catalogues, media):
    out, err = run(write(media, DIRECTIVE, "[" * 100_000 + "]" * 100_000))
    assert "created: 1, updated: 0, skipped: 0, failed: 1" in out
    assert "nested too deeply" in err
    assert "unexpected error" not in err
