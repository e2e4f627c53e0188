"""The page, timed from the inside: AppTest runs this file, which runs ``dashboard.py`` and keeps
how long the script took (the server's side of a rerun) in ``st.session_state``."""

import time
from pathlib import Path

import streamlit as st

PAGE = Path(__file__).resolve().parent.parent / "dashboard.py"
SECONDS_KEY = "benchmark_script_seconds"

_start = time.perf_counter()
exec(compile(PAGE.read_text(), str(PAGE), "exec"), {"__name__": "__main__", "__file__": str(PAGE)})
st.session_state[SECONDS_KEY] = time.perf_counter() - _start
