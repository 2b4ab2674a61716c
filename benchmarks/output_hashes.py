"""Hash every output the command line makes from the corpus, to prove a refactor changed no byte.

Runs the ``newsconvert`` command (through ``sys.executable``, so the checkout under test is the
one imported) over the seed, the synthetic corpus and the real corpus, in every format, with
both shipped styles, the NITF NewsML body, a reference .docx, without ``SOURCE_DATE_EPOCH``
(the file-time policy), as editions (EPUB edition, NewsML newsMessage) and through ``batch``.
Writes ``{case/output: sha256}`` as JSON; ``--compare OLD.json`` prints what differs.

    python benchmarks/output_hashes.py --shared ../shared -o before.json
    python benchmarks/output_hashes.py --shared ../shared -o after.json --compare before.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import sys; from convert.cli import main; sys.exit(main())"]
SDE = "1750000000"


def run(args: list[str], *, sde: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    if sde:
        env["SOURCE_DATE_EPOCH"] = SDE
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, check=False)


def digest_tree(root: Path, prefix: str, out: dict[str, str]) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            rel = path.relative_to(root).as_posix()
            out[f"{prefix}/{rel}"] = hashlib.sha256(path.read_bytes()).hexdigest()


def groups(shared: Path) -> dict[str, list[str]]:
    """Input files by case, each group with unique stems (``convert -d`` needs that)."""
    found: dict[str, list[str]] = {"seed": sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))}
    corpus = shared / "corpus"
    found["corpus"] = sorted(str(p) for p in corpus.iterdir()
                             if p.suffix in (".txt", ".md") and p.is_file())
    real = shared / "corpus-real"
    for sub in sorted(p for p in real.iterdir() if p.is_dir()):
        found[f"real-{sub.name}"] = sorted(str(p) for p in sub.rglob("*")
                                           if p.suffix in (".txt", ".md"))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--compare", type=Path, default=None)
    args = ap.parse_args()
    hashes: dict[str, str] = {}
    exits: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cases = groups(args.shared)
        for name, files in cases.items():
            for style in ("default", "broadsheet"):
                case = f"{name}/{style}"
                out = tmp / case
                proc = run(["convert", *files, "-d", str(out), "-t", "all", "--style", style])
                exits[case] = proc.returncode
                digest_tree(out, case, hashes)
            case = f"{name}/nitf"
            proc = run(["convert", *files, "-d", str(tmp / case), "-t", "newsml",
                        "--newsml-body", "nitf"])
            exits[case] = proc.returncode
            digest_tree(tmp / case, case, hashes)
            case = f"{name}/no-sde"
            proc = run(["convert", *files, "-d", str(tmp / case), "-t", "all"], sde=False)
            exits[case] = proc.returncode
            digest_tree(tmp / case, case, hashes)
        ref = next(iter(sorted((tmp / "seed/broadsheet").glob("*.docx"))))
        case = "corpus/reference-docx"
        proc = run(["convert", *cases["corpus"], "-d", str(tmp / case), "-t", "docx",
                    "--reference-docx", str(ref)])
        exits[case] = proc.returncode
        digest_tree(tmp / case, case, hashes)
        good = [f for f in cases["seed"] + cases["corpus"] if "bad_" not in f]
        for style in ("default", "broadsheet"):
            for fmt, ext in (("epub", "epub"), ("newsml", "xml")):
                case = f"edition/{style}/{fmt}"
                target = tmp / f"edition-{style}.{ext}"
                proc = run(["convert", *good, "-o", str(target), "-t", fmt, "--style", style,
                            "--title", "Morning edition"])
                exits[case] = proc.returncode
                if target.exists():
                    hashes[case] = hashlib.sha256(target.read_bytes()).hexdigest()
        for name in ("corpus", "real-bbc"):
            case = f"batch/{name}"
            src = Path(cases[name][0]).parent
            proc = run(["batch", str(src), "--glob", "*.txt", "--glob", "*.md", "-d",
                        str(tmp / case), "-t", "all", "-j", "2", "-q"])
            exits[case] = proc.returncode
            digest_tree(tmp / case, case, hashes)
    result = {"hashes": hashes, "exits": exits}
    args.output.write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(hashes)} outputs hashed in {len(exits)} cases -> {args.output}")
    if args.compare is None:
        return 0
    old = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = 0
    for key in sorted(set(old["hashes"]) | set(hashes)):
        if old["hashes"].get(key) != hashes.get(key):
            differ += 1
            state = ("missing now" if key not in hashes else "new" if key not in old["hashes"]
                     else "differs")
            print(f"  {state}: {key}")
    for key in sorted(set(old["exits"]) | set(exits)):
        if old["exits"].get(key) != exits.get(key):
            differ += 1
            print(f"  exit code of {key}: {old['exits'].get(key)} -> {exits.get(key)}")
    same = sum(1 for k, v in hashes.items() if old["hashes"].get(k) == v)
    print(f"identical: {same} of {len(old['hashes'])} earlier outputs; {differ} differences")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
