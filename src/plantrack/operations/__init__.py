"""Running PlanTrack as a service: the web server, the job worker with its heartbeat and sweep, the daily schedule,
the health check and the client address behind trusted proxies (docs/operations.md)."""
