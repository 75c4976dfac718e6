"""The terminal twin of app.py: the same functions, so the CLI can check every number the UI shows.

    python cli.py load FILE... [--db PATH] [--entity E] [--source S] [--sheet NAME] [--map FIELD=HEADER ...]
                               [--replace] [--json]
    python cli.py tables [--db PATH] [--json]
    python cli.py delete UPLOAD_ID [--db PATH]
    python cli.py demo [--db PATH]
    python cli.py metrics METRIC [--grain G] [--by DIM] [--from DATE] [--to DATE] [--as-of DATE] [--json]
    python cli.py metrics --list
    python cli.py explain METRIC --period P [--against Q] [--by DIM] [--filter DIM=VALUE] [--json]
    python cli.py suggest METRIC --period P [--filter DIM=VALUE] [--json]
    python cli.py okr [--okrs FILE] [--period 2025-Q3] [--as-of DATE] [--lang zh|en] [--json]
    python cli.py review --period 2025-Q3 --out DIR [--okrs FILE] [--lang zh|en] [--format png,pptx,pdf] [--slides LIST]
    python cli.py backup --out FILE.zip [--db PATH]      python cli.py restore FILE.zip --db NEW_PATH

Errors are one line on stderr and exit code 2; set CRM_OKR_DEBUG=1 to see a traceback.
While the app serves the workspace file, the commands run inside the app (store/remote.py).
"""

from __future__ import annotations

import argparse
import os
import sys

from commands.common import EXIT_USER_ERROR, CLIError
from commands.common import language as _lang  # noqa: F401  (the CLI's language rule, read by tests)
from commands.parser import build_parser


def _user_error_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [CLIError]
    for module, name in (
        ("store", "WorkspaceError"),
        ("ingest", "IngestError"),
        ("metrics", "MetricUnavailable"),
        ("okr.model", "OKRFileError"),
        ("review.deck", "DeckError"),
        ("review.render", "RenderUnavailable"),
    ):
        try:
            types.append(getattr(__import__(module, fromlist=[name]), name))
        except (ImportError, AttributeError):
            pass
    return tuple(types)


# Commands that work on the workspace: while an app serves the workspace file they run in the app.
ON_WORKSPACE = {"load", "tables", "delete", "demo", "metrics", "okr", "review", "backup", "explain", "suggest"}
PATH_ARGS = ("files", "okrs", "out", "backup")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.command in ON_WORKSPACE and not (args.command == "metrics" and (args.list or not args.metric)):
        from store import default_target
        from store.remote import forward

        code = forward(args.db or default_target(), argv, os.getcwd(), sys.stdout, sys.stderr)
        if code is not None:  # a running app holds the workspace and ran the command
            return code
    return run(args)


def serve_command(ws, argv: list[str], cwd: str) -> int:
    """Run a command another process sent to the app holding ``ws`` (store/remote.py), on ``ws`` itself.
    Paths are the sender's, relative to its working directory ``cwd``."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse printed why
        return int(exc.code or EXIT_USER_ERROR)
    for name in PATH_ARGS:
        value = getattr(args, name, None)
        if isinstance(value, list):
            setattr(args, name, [os.path.join(cwd, v) for v in value])
        elif isinstance(value, str):
            setattr(args, name, os.path.join(cwd, value))
    args.workspace = ws
    return run(args, in_app=True)


def run(args: argparse.Namespace, *, in_app: bool = False) -> int:
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("Interrupted; the workspace is unchanged by the unfinished step.", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # `cli.py tables | head`: the reader left; the work itself is done
        if not in_app:  # the app's own stdout is not ours to close
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("CRM_OKR_DEBUG"):
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if not isinstance(exc, _user_error_types()):
            message = f"Unexpected error ({type(exc).__name__}): {message}; rerun with CRM_OKR_DEBUG=1 for details."
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
