"""Read models: pure event→change functions, their writers, the runner."""
