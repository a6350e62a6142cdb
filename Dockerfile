# One image for the API, the worker and the migrations.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# The Song face of Chinese PDFs (Noto Serif CJK SC); every other face comes from PyPI.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md requirements.lock ./
# The locked versions, each checked against its hash (the same the tests passed with).
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY drafts drafts
COPY workflows workflows
COPY services services
RUN pip install --no-cache-dir --no-deps --no-build-isolation .
RUN useradd --create-home accord && mkdir -p /data && chown accord /data
USER accord
EXPOSE 8000
CMD ["accord", "serve", "--host", "0.0.0.0", "--port", "8000"]
