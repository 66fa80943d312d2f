# One image for the operator (`phoenix-scanner run`) and the import Job's worker (`phoenix-scanner worker`).
# Multi-stage: build the virtual environment with pip, ship only the environment on a slim base.
# Runs as a non-root numeric user and needs no writable root filesystem (only /tmp, an emptyDir in the chart).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY operator/ operator/
COPY parsers/ parsers/
RUN /opt/venv/bin/pip install --no-compile . \
 && /opt/venv/bin/python -m compileall -q /opt/venv/lib

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="phoenix-scanner-operator" \
      org.opencontainers.image.description="Imports vulnerability-scanner reports into Phoenix Security; runs InsightVM scans declaratively" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    TMPDIR=/tmp
USER 65532:65532
EXPOSE 8080 9090
ENTRYPOINT ["phoenix-scanner"]
CMD ["run"]
