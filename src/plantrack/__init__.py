"""PlanTrack 规划实施监测评估系统."""

# The release, in this one place: the package metadata (pyproject.toml) and `plantrack --version` read it.
__version__ = "0.2.0"
