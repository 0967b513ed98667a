FROM python:3.11-slim

# Times a person reads are Quanzhou time in the code whatever this says; this
# makes the container's own logs and shell agree.
ENV TZ=Asia/Shanghai PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# A font with Chinese glyphs for the staff report's chart (without one it is drawn in English).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY locales ./locales
RUN pip install . \
    && useradd --create-home --uid 10001 bot \
    && mkdir -p /data && chown bot:bot /data

USER bot
WORKDIR /data
ENV BOT_LOCALES_DIR=/app/locales \
    DATABASE_URL=sqlite+aiosqlite:////data/quanzhou-gig-bot.db
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"
CMD ["python", "-m", "bot", "serve", "--host", "0.0.0.0", "--port", "8080"]
