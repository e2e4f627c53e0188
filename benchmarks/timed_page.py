"""The page, timed from the inside: AppTest runs this file, which runs ``dashboard.py`` and keeps
how long the script took (the server's side of a rerun), in wall-clock seconds and in CPU seconds
of the script's thread (which a busy machine inflates less), in ``st.session_state``."""

import time
from pathlib import Path

import streamlit as st

PAGE = Path(__file__).resolve().parent.parent / "dashboard.py"
SECONDS_KEY = "benchmark_script_seconds"
CPU_SECONDS_KEY = "benchmark_script_cpu_seconds"

_start, _cpu_start = time.perf_counter(), time.thread_time()
exec(compile(PAGE.read_text(), str(PAGE), "exec"), {"__name__": "__main__", "__file__": str(PAGE)})
st.session_state[SECONDS_KEY] = time.perf_counter() - _start
st.session_state[CPU_SECONDS_KEY] = time.thread_time() - _cpu_start
