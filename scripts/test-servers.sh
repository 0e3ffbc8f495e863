#!/usr/bin/env bash
# Real PostgreSQL 15 and MariaDB 10.11 servers for Planwise's tests, without
# systemd or docker: private ports, private sockets, everything under one state
# directory that `stop` leaves in place (rerun `start` to reuse it; delete it to
# start from scratch).
#
#   eval "$(scripts/test-servers.sh start)"   # start both (idempotent), export the URIs
#   scripts/test-servers.sh env               # print the export lines again
#   scripts/test-servers.sh stop              # stop both cleanly (idempotent)
#   scripts/test-servers.sh status            # say what runs
#
# stdout carries only `export` lines (so eval is safe); progress goes to stderr.
# Debian's own cluster (15/main, port 5432) and MariaDB service (3306,
# /run/mysqld) are never touched: other ports, sockets under the state dir,
# and --defaults-file first so /etc/mysql is not read. Logins: planwise/planwise
# (owner of planwise_test) and planwise_limited (CONNECT/SELECT only, for
# privilege tests).
# Overrides: PLANWISE_TEST_DIR (default /tmp/planwise-test-servers),
# PLANWISE_TEST_PG_PORT (55432), PLANWISE_TEST_MYSQL_PORT (53306),
# PLANWISE_PG_BIN (/usr/lib/postgresql/15/bin), PLANWISE_TEST_WAIT (seconds, 60).
set -euo pipefail

STATE_DIR=${PLANWISE_TEST_DIR:-/tmp/planwise-test-servers}
PG_PORT=${PLANWISE_TEST_PG_PORT:-55432}
MY_PORT=${PLANWISE_TEST_MYSQL_PORT:-53306}
PG_BIN=${PLANWISE_PG_BIN:-/usr/lib/postgresql/15/bin}
WAIT_SECONDS=${PLANWISE_TEST_WAIT:-60}

PG_DIR=$STATE_DIR/pg
PG_DATA=$PG_DIR/data
PG_SOCK=$PG_DIR/sock
PG_LOGDIR=$PG_DIR/log
PG_LOG=$PG_LOGDIR/postgresql.log       # stderr format, prefix '%m [%p] %q%u@%d '
PG_JSONLOG=$PG_LOGDIR/postgresql.json  # the same entries as jsonlog

MY_DIR=$STATE_DIR/mariadb
MY_CNF=$MY_DIR/my.cnf
MY_DATA=$MY_DIR/data
MY_SOCK=$MY_DIR/run/mariadb.sock
MY_PID=$MY_DIR/run/mariadb.pid
MY_ERRLOG=$MY_DIR/error.log
MY_SLOWLOG=$MY_DIR/slow.log

# The user's libpq/mysql environment must not redirect the script's own logins.
unset PGSERVICE PGSERVICEFILE PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGOPTIONS PGPASSWORD PGSSLMODE MYSQL_HOST MYSQL_TCP_PORT MYSQL_UNIX_PORT MYSQL_PWD

say() { printf 'test-servers: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Print the last lines of the given logs to stderr (what a failed start needs).
show_tail() {
    local f
    for f in "$@"; do
        [[ -r $f ]] || continue
        printf -- '--- last lines of %s ---\n' "$f" >&2
        tail -n 25 "$f" >&2
    done
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# PostgreSQL refuses to run as root: as root, run its tools as `postgres`.
as_pg() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Every directory above the state dir must let the server's OS user through.
check_traversable() {
    local user=$1 dir=$2
    is_root || return 0
    if ! runuser -u "$user" -- test -x "$dir"; then
        die "OS user '$user' cannot enter $dir; choose a PLANWISE_TEST_DIR outside private homes (e.g. /tmp/...)"
    fi
}

# A directory owned by the OS user that runs the given server.
make_owned_dir() {
    local user=$1; shift
    mkdir -p "$@"
    if is_root; then
        chown "$user:" "$@"
    fi
    chmod 700 "$@"
}

check_tools() {
    local t
    for t in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/psql" "$PG_BIN/pg_isready"; do
        [[ -x $t ]] || die "$t not found: install postgresql-15 (and postgresql-15-hypopg, postgresql-contrib)"
    done
    for t in mariadbd mariadb-install-db mariadb mariadb-admin; do
        command -v "$t" >/dev/null 2>&1 || [[ -x /usr/sbin/$t ]] || die "$t not found: install mariadb-server"
    done
    [[ -f $("$PG_BIN/pg_config" --pkglibdir)/hypopg.so ]] || die "hypopg.so missing: install postgresql-15-hypopg"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "OS user 'postgres' missing (it comes with postgresql-15)"
        id mysql >/dev/null 2>&1 || die "OS user 'mysql' missing (it comes with mariadb-server)"
    fi
}

mariadbd_path() { command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd; }

# ---------------------------------------------------------------- PostgreSQL

# Running means answering: a killed server's PID can linger as a zombie, which
# pg_ctl status (kill -0) takes for a live postmaster.
pg_running() {
    [[ -f $PG_DATA/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 &&
        "$PG_BIN/pg_isready" -q -t 3 -h 127.0.0.1 -p "$PG_PORT"
}

pg_init() {
    [[ -f $PG_DATA/PG_VERSION ]] && return 0
    say "initialising PostgreSQL in $PG_DATA"
    rm -rf "$PG_DATA"
    make_owned_dir postgres "$PG_DIR" "$PG_SOCK" "$PG_LOGDIR"
    # Local socket connections (the script's admin work, through a socket dir
    # only the server's OS user and root can enter) are trusted; every TCP
    # login needs a password.
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
            --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1; then
        show_tail "$PG_DIR/initdb.log"
        die "initdb failed"
    fi
    # hypopg must come before auto_explain: the other order breaks every
    # EXPLAIN that uses a hypothetical index ("cache lookup failed for index").
    as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<EOF

# ---- Planwise test server (scripts/test-servers.sh)
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCK'
max_connections = 60
shared_buffers = 64MB
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = 'scram-sha-256'
shared_preload_libraries = 'hypopg,pg_stat_statements,auto_explain'
pg_stat_statements.track = all
compute_query_id = on
track_io_timing = on
auto_explain.log_min_duration = 0
auto_explain.log_analyze = on
auto_explain.log_buffers = on
auto_explain.log_format = json
logging_collector = on
log_destination = 'stderr,jsonlog'
log_directory = '$PG_LOGDIR'
log_filename = 'postgresql.log'
log_rotation_age = 0
log_rotation_size = 0
log_min_duration_statement = 0
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
lc_messages = 'C'
EOF
}

# After a kill -9 of the whole session (what happens to a CI run's servers),
# orphaned backends (their working directory is the data dir) may still hold
# the shared memory, and postmaster.pid may name a PID that was reused.
pg_clear_leftovers() {
    local p cwd
    for p in /proc/[0-9]*; do
        cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
        if [[ $cwd == "$PG_DATA" ]]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
    done
    rm -f "$PG_DATA/postmaster.pid" "$PG_SOCK/.s.PGSQL.$PG_PORT" "$PG_SOCK/.s.PGSQL.$PG_PORT.lock"
}

pg_start() {
    check_traversable postgres "$STATE_DIR"
    pg_init
    if pg_running; then
        say "PostgreSQL already running on port $PG_PORT"
    else
        pg_clear_leftovers
        say "starting PostgreSQL on 127.0.0.1:$PG_PORT (socket dir $PG_SOCK)"
        if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t "$WAIT_SECONDS" start >/dev/null 2>&1; then
            show_tail "$PG_DIR/server.log" "$PG_LOG"
            die "PostgreSQL did not start within ${WAIT_SECONDS}s (port $PG_PORT busy? see the log above)"
        fi
    fi
    local i
    for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
        sleep 0.2
    done
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || { show_tail "$PG_LOG"; die "PostgreSQL does not accept TCP connections on $PG_PORT"; }
    pg_provision
}

# Idempotent: role, database owned by it (tests create their tables there),
# the extensions, and the statistics role that pg_stat_statements/pg_stats need.
pg_provision() {
    local psql=(env PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres)
    as_pg "${psql[@]}" -d postgres >/dev/null <<'EOF'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'planwise') THEN
    CREATE ROLE planwise LOGIN PASSWORD 'planwise';
  END IF;
END $$;
ALTER ROLE planwise PASSWORD 'planwise';
GRANT pg_monitor TO planwise;
-- A login with no rights beyond CONNECT: tests check that Planwise degrades
-- gracefully (notes, typed errors) where privileges are missing.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'planwise_limited') THEN
    CREATE ROLE planwise_limited LOGIN PASSWORD 'planwise_limited';
  END IF;
END $$;
SELECT 'CREATE DATABASE planwise_test OWNER planwise' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'planwise_test') \gexec
EOF
    as_pg "${psql[@]}" -d planwise_test >/dev/null <<'EOF'
CREATE EXTENSION IF NOT EXISTS hypopg;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
EOF
    PGPASSWORD=planwise "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U planwise -d planwise_test \
        -c 'SELECT 1' >/dev/null || { show_tail "$PG_LOG"; die "cannot log in to PostgreSQL as planwise over TCP"; }
}

pg_stop() {
    if pg_running; then
        say "stopping PostgreSQL"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t "$WAIT_SECONDS" stop >/dev/null
    fi
}

# ------------------------------------------------------------------- MariaDB

my_cnf() {
    # Written on every start so a changed port or dir takes effect.
    local user_line=""
    is_root && user_line="user = mysql"
    cat >"$MY_CNF" <<EOF
# Planwise test server (scripts/test-servers.sh). Always pass
# --defaults-file=$MY_CNF as the FIRST argument, or Debian's /etc/mysql is read too.
[client]
port = $MY_PORT
socket = $MY_SOCK

[mysqld]
$user_line
datadir = $MY_DATA
socket = $MY_SOCK
pid-file = $MY_PID
port = $MY_PORT
bind-address = 127.0.0.1
skip-name-resolve
log-error = $MY_ERRLOG
slow_query_log = ON
slow_query_log_file = $MY_SLOWLOG
long_query_time = 0
log_slow_verbosity = query_plan,explain
performance_schema = ON
innodb_buffer_pool_size = 64M
innodb_flush_log_at_trx_commit = 2
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
EOF
    chmod 644 "$MY_CNF"
}

my_admin() { mariadb-admin --defaults-file="$MY_CNF" -u root "$@"; }
my_sql() { mariadb --defaults-file="$MY_CNF" -u root "$@"; }

my_pid() { [[ -s $MY_PID ]] && cat "$MY_PID"; }
my_running() {
    local pid
    pid=$(my_pid 2>/dev/null) || return 1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == mariadbd ]] &&
        [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]] # a killed server can linger as a zombie
}

my_init() {
    mkdir -p "$MY_DIR"
    chmod 755 "$MY_DIR"
    my_cnf
    # Root logs in without a password over this socket: keep it private.
    make_owned_dir mysql "$MY_DIR/run"
    [[ -d $MY_DATA/mysql ]] && return 0
    say "initialising MariaDB in $MY_DATA"
    rm -rf "$MY_DATA"
    make_owned_dir mysql "$MY_DATA"
    local as_user=()
    is_root && as_user=(--user=mysql)
    if ! mariadb-install-db --defaults-file="$MY_CNF" --auth-root-authentication-method=normal \
            --skip-test-db "${as_user[@]}" >"$MY_DIR/install.log" 2>&1; then
        show_tail "$MY_DIR/install.log"
        die "mariadb-install-db failed"
    fi
}

my_start() {
    check_traversable mysql "$STATE_DIR"
    my_init
    if my_running; then
        say "MariaDB already running on port $MY_PORT"
    else
        # A server of ours that lost its pid file (killed mid-start) would hold the port and the data dir.
        pkill -9 -f -- "--defaults-file=$MY_CNF" 2>/dev/null || true
        rm -f "$MY_PID" "$MY_SOCK" "$MY_SOCK.lock"
        say "starting MariaDB on 127.0.0.1:$MY_PORT (socket $MY_SOCK)"
        # The server log files must be writable by the server's OS user.
        touch "$MY_ERRLOG" "$MY_SLOWLOG"
        is_root && chown mysql: "$MY_ERRLOG" "$MY_SLOWLOG"
        setsid "$(mariadbd_path)" --defaults-file="$MY_CNF" </dev/null >>"$MY_DIR/server.out" 2>&1 &
        local pid=$! i
        for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
            my_admin --silent ping >/dev/null 2>&1 && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        if ! my_admin --silent ping >/dev/null 2>&1; then
            show_tail "$MY_DIR/server.out" "$MY_ERRLOG"
            die "MariaDB did not start within ${WAIT_SECONDS}s (port $MY_PORT busy? see the log above)"
        fi
    fi
    my_provision
}

my_provision() {
    my_sql <<'EOF'
CREATE DATABASE IF NOT EXISTS planwise_test;
CREATE USER IF NOT EXISTS 'planwise'@'%' IDENTIFIED BY 'planwise';
CREATE USER IF NOT EXISTS 'planwise'@'localhost' IDENTIFIED BY 'planwise';
GRANT ALL PRIVILEGES ON planwise_test.* TO 'planwise'@'%', 'planwise'@'localhost';
GRANT SELECT ON performance_schema.* TO 'planwise'@'%', 'planwise'@'localhost';
GRANT SELECT ON mysql.column_stats TO 'planwise'@'%', 'planwise'@'localhost';
GRANT PROCESS ON *.* TO 'planwise'@'%', 'planwise'@'localhost';
GRANT SELECT ON mysql.innodb_index_stats TO 'planwise'@'%', 'planwise'@'localhost';
CREATE USER IF NOT EXISTS 'planwise_limited'@'%' IDENTIFIED BY 'planwise_limited';
GRANT SELECT ON planwise_test.* TO 'planwise_limited'@'%';
EOF
    mariadb --defaults-file="$MY_CNF" --protocol=TCP -h 127.0.0.1 -P "$MY_PORT" -u planwise -pplanwise \
        -e 'SELECT 1' planwise_test >/dev/null || { show_tail "$MY_ERRLOG"; die "cannot log in to MariaDB as planwise over TCP"; }
}

my_stop() {
    [[ -f $MY_CNF ]] || return 0
    my_running || return 0
    say "stopping MariaDB"
    local pid
    pid=$(my_pid)
    # mariadb-admin shutdown waits for the server to exit; the kill is the
    # fallback when root cannot log in (e.g. a half-initialised data dir).
    if ! my_admin shutdown >/dev/null 2>&1; then
        kill -TERM "$pid" 2>/dev/null || true
    fi
    local i
    for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    die "MariaDB (pid $pid) did not stop within ${WAIT_SECONDS}s"
}

# ------------------------------------------------------------------ commands

print_env() {
    # %q quoting keeps eval safe for any state dir.
    printf 'export PLANWISE_TEST_PG=%q\n' "postgresql://planwise:planwise@127.0.0.1:$PG_PORT/planwise_test"
    printf 'export PLANWISE_TEST_PG_LIMITED=%q\n' "postgresql://planwise_limited:planwise_limited@127.0.0.1:$PG_PORT/planwise_test"
    printf 'export PLANWISE_TEST_PG_SOCKET_DIR=%q\n' "$PG_SOCK"
    printf 'export PLANWISE_TEST_PG_LOG=%q\n' "$PG_LOG"
    printf 'export PLANWISE_TEST_PG_JSONLOG=%q\n' "$PG_JSONLOG"
    printf 'export PLANWISE_TEST_MYSQL=%q\n' "mysql://planwise:planwise@127.0.0.1:$MY_PORT/planwise_test"
    printf 'export PLANWISE_TEST_MYSQL_LIMITED=%q\n' "mysql://planwise_limited:planwise_limited@127.0.0.1:$MY_PORT/planwise_test"
    printf 'export PLANWISE_TEST_MYSQL_SOCKET=%q\n' "$MY_SOCK"
    printf 'export PLANWISE_TEST_MYSQL_SLOWLOG=%q\n' "$MY_SLOWLOG"
}

status() {
    if pg_running; then say "PostgreSQL: running on port $PG_PORT"; else say "PostgreSQL: stopped"; fi
    if [[ -f $MY_CNF ]] && my_running; then say "MariaDB: running on port $MY_PORT (pid $(my_pid))"; else say "MariaDB: stopped"; fi
}

main() {
    case ${1:-} in
    start)
        check_tools
        mkdir -p "$STATE_DIR"
        [[ -O $STATE_DIR ]] || is_root ||
            die "$STATE_DIR belongs to another user (made by root?): set PLANWISE_TEST_DIR to a directory of yours"
        chmod 755 "$STATE_DIR"
        pg_start
        my_start
        say "both servers accept connections"
        print_env
        ;;
    stop)
        pg_stop
        my_stop
        ;;
    env) print_env ;;
    status) status ;;
    *)
        echo "usage: $0 start|stop|env|status" >&2
        exit 2
        ;;
    esac
}

main "$@"
