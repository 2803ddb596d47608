# Sourced by .ci/run: one PostgreSQL cluster for the whole test run, set up the way the tests' harness
# (tests/Shared/Postgres/PostgresCluster.cs) sets up a private one: initdb -k into a temp folder owned by the
# OS user postgres, a free loopback port, the server run as that user. The tests find it through
# CONIFER_TEST_POSTGRES (its URI), CONIFER_TEST_POSTGRES_DATA and CONIFER_TEST_POSTGRES_BIN (so a test can
# restart it with pg_ctl); conifer_postgres_stop stops it by pid and deletes the folder.

conifer_postgres_loud() {
  {
    echo "################################################################################"
    echo "### $*"
    echo "### The PostgreSQL store tests will FAIL. Install PostgreSQL (apt-get install postgresql)"
    echo "### or set CONIFER_TEST_POSTGRES=postgresql://postgres@HOST:PORT/postgres."
    echo "################################################################################"
  } >&2
}

# The bin folder with the server tools: the highest version under /usr/lib/postgresql, else pg_config's.
conifer_postgres_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) $(pg_config --bindir 2>/dev/null); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && [ -x "$dir/pg_isready" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# PostgreSQL refuses to run as root: under root, its tools run as the OS user postgres.
conifer_postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && LC_ALL=C.UTF-8 runuser -u postgres -- "$@")
  else
    (cd / && LC_ALL=C.UTF-8 "$@")
  fi
}

conifer_postgres_install() {
  if conifer_postgres_bindir >/dev/null; then
    return 0
  fi
  echo "installing postgresql (apt-get) for the PostgreSQL store tests"
  local as_root=""
  if [ "$(id -u)" -ne 0 ]; then as_root="sudo"; fi
  if ! { $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq postgresql >/dev/null; }; then
    conifer_postgres_loud "apt-get install postgresql FAILED."
  fi
}

# A loopback port nobody listens on now; the start retries on another one if it is taken before the bind.
conifer_postgres_free_port() {
  local port _
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

conifer_postgres_alive() {
  [ -r "/proc/$1/stat" ] && [ "$(sed -n 's/.*) \(.\).*/\1/p' "/proc/$1/stat")" != Z ]
}

conifer_postgres_start() {
  local bindir data sockets log port attempt i
  bindir=$(conifer_postgres_bindir) || { conifer_postgres_loud "No PostgreSQL binaries (initdb, pg_ctl, postgres, pg_isready) found."; return 1; }
  CONIFER_POSTGRES_FOLDER=$(mktemp -d /tmp/conifer-pg-ci.XXXXXXXX) || return 1
  data="$CONIFER_POSTGRES_FOLDER/data"
  sockets="$CONIFER_POSTGRES_FOLDER/sockets"
  log="$data/postgres.log"
  mkdir "$data" "$sockets" || return 1
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$CONIFER_POSTGRES_FOLDER" || return 1
  fi
  if ! conifer_postgres_as_owner "$bindir/initdb" -k -A trust -U postgres -E UTF8 --locale=C -D "$data" >"$CONIFER_POSTGRES_FOLDER/initdb.log" 2>&1; then
    cat "$CONIFER_POSTGRES_FOLDER/initdb.log" >&2
    return 1
  fi
  for attempt in 1 2 3 4 5; do
    port=$(conifer_postgres_free_port) || return 1
    if conifer_postgres_as_owner "$bindir/pg_ctl" start -D "$data" -l "$log" -w -t 120 \
      -o "-p $port -k $sockets -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300 -c shared_buffers=128MB" >/dev/null; then
      break
    fi
    if [ "$attempt" -eq 5 ] || ! grep -q "could not bind" "$log"; then
      tail -n 40 "$log" >&2
      return 1
    fi
  done
  CONIFER_POSTGRES_PID=$(head -n 1 "$data/postmaster.pid")
  for i in $(seq 1 600); do
    if conifer_postgres_as_owner "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 5; then
      break
    fi
    if [ "$i" -eq 600 ]; then
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  export CONIFER_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
  export CONIFER_TEST_POSTGRES_DATA="$data"
  export CONIFER_TEST_POSTGRES_BIN="$bindir"
  echo "PostgreSQL for the tests: $CONIFER_TEST_POSTGRES (pid $CONIFER_POSTGRES_PID, data $data)"
}

# Stops the cluster by pid (immediate shutdown: the folder is deleted next) and deletes the folder.
conifer_postgres_stop() {
  if [ -z "${CONIFER_POSTGRES_FOLDER:-}" ]; then
    return 0
  fi
  local pid i
  # The pid file names the current postmaster, also after a test restarted it; else the one started here.
  pid=$(head -n 1 "$CONIFER_POSTGRES_FOLDER/data/postmaster.pid" 2>/dev/null) || pid="${CONIFER_POSTGRES_PID:-}"
  if [ -n "$pid" ] && grep -q postgres "/proc/$pid/cmdline" 2>/dev/null; then
    kill -QUIT "$pid" 2>/dev/null || true
    for i in $(seq 1 300); do
      conifer_postgres_alive "$pid" || break
      sleep 0.1
    done
    if conifer_postgres_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -rf "$CONIFER_POSTGRES_FOLDER"
  CONIFER_POSTGRES_FOLDER=""
}
