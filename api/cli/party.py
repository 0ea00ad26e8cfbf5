"""`kyodo party import FILE --centre C`: a centre's roster of registered groups (登録団体名簿,
CSV or .xlsx) registered as parties of that centre, or with `--dry-run` checked only."""

from __future__ import annotations

from pathlib import Path

import typer

from api.cli.common import fail, open_container, reported_errors
from api.cli.export import caught_up
from api.party_roster import imported
from application.party_import import ImportedRow, Outcome, RosterImport
from domain.party_roster import MAX_ROWS, RosterInvalidError, RosterProblem
from domain.rules import centre_code
from domain.values import Actor
from domain.vocabulary import MUNICIPALITY_BY_KEY, ActorRole, Source
from projections.party_directory.projection import PartyDirectory

app = typer.Typer(help="団体: 登録団体名簿の取り込み", no_args_is_help=True)

SAID = {
    Outcome.TO_REGISTER: "登録します",
    Outcome.REGISTERED: "登録しました",
    Outcome.ALREADY_REGISTERED: "登録済み（取り込みません）",
    Outcome.CONSENT_TO_CHANGE: "登録済み、事例集への掲載同意を「{}」に変更します",
    Outcome.CONSENT_CHANGED: "登録済み、事例集への掲載同意を「{}」に変更しました",
    Outcome.INVALID: "直すところがあります",
}


@app.command("import")
def import_roster(
    file: str = typer.Argument(..., help=f"登録団体名簿（CSV か .xlsx、{MAX_ROWS}行まで）"),
    centre: str = typer.Option(..., "--centre", help="名簿のセンター（コードまたは名前）"),
    user: str = typer.Option("kyodo-cli-import", "--user", help="記録者として残る利用者ID"),
    dry_run: bool = typer.Option(False, "--dry-run", help="確かめるだけで何も登録しない"),
) -> None:
    """登録団体名簿を取り込む（見出しの行に 団体名・種別・市町）。団体名と市町が同じ団体がすでにあれば取り込まない。直すところのある行があれば何も登録しない。"""  # noqa: E501
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        raise fail(f"ファイルを読めません: {file}（{error.strerror}） [unreadable_file]") from None
    with reported_errors(), open_container() as container:
        actor = Actor(user, ActorRole.FACILITATOR, centre_code(centre))
        ctx = container.context(actor, source=Source.IMPORT)
        try:
            done = imported(
                container,
                ctx,
                data,
                dry_run=dry_run,
                settle=lambda: caught_up(container.projections, PartyDirectory.name),
            )
        except RosterInvalidError as refused:
            for problem in refused.problems:
                typer.echo(problem_line(problem), err=True)
            raise
    for line in report_lines(done):
        typer.echo(line)
    if done.problems:  # a dry run's: the roster would be refused as it stands
        raise typer.Exit(1)


def problem_line(problem: RosterProblem) -> str:
    column = f"「{problem.column}」" if problem.column else ""
    return f"{problem.line}行目{column}: {problem.message} [{problem.code}]"


def row_line(row: ImportedRow) -> str:
    place = MUNICIPALITY_BY_KEY[row.municipality].ja if row.municipality else "—"
    said = SAID[row.outcome].format("あり" if row.consent else "なし")
    note = f"（{row.note}）" if row.note else ""
    return f"{row.line}行目 {row.name}（{place}）: {said}{note}"


def report_lines(done: RosterImport) -> list[str]:
    lines = [row_line(row) for row in done.rows if row.outcome is not Outcome.INVALID]
    lines += [problem_line(p) for p in done.problems]
    if done.ignored_columns:
        lines.append(f"読み込まなかった列: {'、'.join(done.ignored_columns)}")
    counts = (
        f"登録 {done.count(Outcome.REGISTERED)}件"
        if done.recorded
        else f"登録する予定 {done.count(Outcome.TO_REGISTER)}件（まだ何も登録していません）"
    )
    changes = done.count(Outcome.CONSENT_CHANGED if done.recorded else Outcome.CONSENT_TO_CHANGE)
    already = done.count(Outcome.ALREADY_REGISTERED) + changes
    invalid = done.count(Outcome.INVALID)
    consent = f"（うち掲載同意の変更 {changes}件）" if changes else ""
    lines.append(f"{counts}、登録済み {already}件{consent}、直すところのある行 {invalid}件")
    return lines
