"""Shell completion scripts, generated from the command's own parser.

``transconv completion bash|zsh|fish`` prints a script that completes the sub-commands, each
one's flags, the choices of a flag that has them (``--kind``, ``--shape``), format names for
``-t`` and ``formats --options``, and file names elsewhere. It is made from the parser at the
moment it is printed, so a new flag or format needs no edit here; nothing runs at start-up.
"""

from __future__ import annotations

import argparse

from .formats import FORMATS


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _flags(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    """Every option string of ``parser`` → the words it completes with ([] for files or
    free text, nothing after a flag that takes no value is handled by the shells)."""
    formats = sorted(FORMATS)
    flags: dict[str, list[str]] = {}
    for action in parser._actions:
        for flag in action.option_strings:
            if action.choices is not None:
                flags[flag] = [str(choice) for choice in action.choices]
            elif action.dest in ("to", "options") and action.nargs != 0:
                flags[flag] = ["all", *formats] if action.dest == "to" else formats
            else:
                flags[flag] = []
    return flags


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` for ``shell`` (bash, zsh or fish)."""
    commands = {name: _flags(sub) for name, sub in _commands(parser).items()}
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](commands)


def _bash(commands: dict[str, dict[str, list[str]]]) -> str:
    cases = []
    for name, flags in commands.items():
        values = "\n".join(f'            {flag}) COMPREPLY=($(compgen -W "{" ".join(words)}" '
                           f'-- "$cur")); return;;' for flag, words in flags.items() if words)
        cases.append(f'        {name})\n          case "$prev" in\n{values}\n          esac\n'
                     f'          if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W '
                     f'"{" ".join(flags)}" -- "$cur")); else COMPREPLY=($(compgen -f -- '
                     f'"$cur")); fi;;')
    return (
        "# transconv completion for bash\n_transconv() {\n"
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"\n'
        "    if [[ $COMP_CWORD -eq 1 ]]; then\n"
        f'        COMPREPLY=($(compgen -W "{" ".join(commands)} --help --version" -- "$cur"))'
        "\n        return\n    fi\n"
        '    case "${COMP_WORDS[1]}" in\n' + "\n".join(cases) + "\n    esac\n}\n"
        "complete -o filenames -F _transconv transconv\n")


def _zsh(commands: dict[str, dict[str, list[str]]]) -> str:
    lines = ["#compdef transconv", "_transconv() {", "  local -a commands",
             f"  commands=({' '.join(commands)})",
             "  if (( CURRENT == 2 )); then _describe command commands; return; fi",
             "  case $words[2] in"]
    for name, flags in commands.items():
        specs = " ".join(f"'{flag}:value:({' '.join(words)})'" if words else f"'{flag}'"
                         for flag, words in flags.items())
        lines.append(f"    {name}) _arguments -s {specs} '*:file:_files';;")
    lines += ["  esac", "}", 'compdef _transconv transconv', ""]
    return "\n".join(lines)


def _fish(commands: dict[str, dict[str, list[str]]]) -> str:
    lines = ["# transconv completion for fish",
             f"complete -c transconv -n __fish_use_subcommand -f -a '{' '.join(commands)}'"]
    for name, flags in commands.items():
        for flag, words in flags.items():
            option = f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}"
            values = f" -x -a '{' '.join(words)}'" if words else ""
            lines.append(f"complete -c transconv -n '__fish_seen_subcommand_from {name}' "
                         f"{option}{values}")
    return "\n".join(lines) + "\n"
