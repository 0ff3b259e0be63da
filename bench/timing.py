"""Timing for the Python peer scripts (bench/*_numpy.py): one warm-up call, then the median,
minimum and maximum of `repeats` timed calls, in milliseconds."""
import time


def time_ms(f, repeats=7):
    """(median, min, max) of `repeats` calls of f after one untimed call, in ms."""
    f()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2], times[0], times[-1]
