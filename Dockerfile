# kyodo API image: the same code as `make run`, configured by the environment.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 KYODO_DATA_DIR=/data
COPY pyproject.toml constraints.txt README.md ./
COPY domain ./domain
COPY application ./application
COPY persistence ./persistence
COPY projections ./projections
COPY api ./api
COPY demo ./demo
COPY web ./web
COPY graphql/operations ./graphql/operations
RUN pip install --no-cache-dir -c constraints.txt . \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin kyodo \
 && mkdir -p /data && chown kyodo:kyodo /data
# Not root: the code and the installed packages are root's and read-only to the server.
USER kyodo
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"
CMD ["kyodo", "serve", "--host", "0.0.0.0", "--port", "8000"]
