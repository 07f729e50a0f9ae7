# Slim runtime image: the engine and its pattern detectors, no torch (training stays outside).
# docker build -t phideid . && docker run --rm -i -e PHIDEID_SECRET_KEY phideid deidentify - < note.txt
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY phideid ./phideid
COPY models ./models
COPY stream ./stream
COPY api ./api
COPY training ./training
COPY eval ./eval
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PHIDEID_HOME=/var/lib/phideid
RUN useradd --system --uid 10001 --home-dir /var/lib/phideid --create-home phideid
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER phideid
WORKDIR /var/lib/phideid
# the vault lives in PHIDEID_HOME: mount a volume there, or point PHIDEID_VAULT_URL at PostgreSQL
VOLUME ["/var/lib/phideid"]
ENTRYPOINT ["phideid"]
CMD ["--help"]
