/*
 * lavalite-shepherd JOBDIR
 *
 * The one light process between sbatchd and a job. sbatchd writes JOBDIR/start and spawns
 * this program with the job's environment; from then on the shepherd owns the job, so that
 * sbatchd may stop, crash or restart without touching it:
 *   1. it leaves sbatchd's session and forks the job as the leader of its own process group;
 *      the job switches to the user, umask, cwd and stdio of the start file;
 *   2. it writes JOBDIR/pid before the job may exec, so sbatchd never meets a running job it
 *      cannot signal;
 *   3. it waits for the job, kills whatever is left of its process group (after a job ends
 *      none of its processes may remain) and writes JOBDIR/status.
 * Both files are written under a temporary name and renamed: a reader sees all or nothing.
 *
 * The job's environment is the shepherd's own, except that variables steering the dynamic
 * loader (LD_PRELOAD...) arrive renamed with the LAVALITE_JOB_ prefix: they must not act on
 * this program, which may run as root. The job process restores them once it is the user.
 *
 * start: one `key=value` per line; values are percent-encoded (%XX for '%', bytes <= 0x20
 * and bytes >= 0x7f). Keys: version (1), command, user, uid, gid, umask (octal), cwd, stdin,
 * stdout, stdout_append (0/1), stderr (empty: same as stdout), stderr_append, spool_dir (made
 * mode 0700 as the user before the output files are opened), stdout_dir and stderr_dir (made
 * as the user under the umask, for `-o dir/`; empty when none), report (LSF's job report, appended
 * to stdout as the user once the job ended, before status is written; its @TOKEN@s are filled
 * in here, see output-report.ts), submit_ms, pre_exec (bsub -E: run by `/bin/sh -c` as the
 * job's user, once the job may run and before it; empty when none) and post_exec (bsub -Ep: the
 * same once the job ended, before its status is written). Unknown keys are refused,
 * so a shepherd never half-understands a newer sbatchd.
 * pid: "<job pid>\n<shepherd pid>\n". The job pid is also its process group id.
 * status: `exit_code=N` or `signal=N` (or `error=<encoded text>` when the job could not be
 * started, followed by `fault=job` when the job's own input or output files could not be
 * opened, or `pre_exec_exit=N` when the pre-execution command failed and the job did not
 * run), then cpu_us (user + system), maxrss_kb and end_ms (Unix time).
 *
 * Exit status: 0 once status is written, 1 when even that failed (sbatchd then finds no
 * status and reports the job lost), 2 for bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stddef.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define START_MAX (1 << 20)
#define ERROR_MAX 512
#define HELD_PREFIX "LAVALITE_JOB_"

extern char **environ;

struct start {
	const char *command, *user, *cwd, *stdin_path, *stdout_path, *stderr_path, *spool_dir;
	const char *stdout_dir, *stderr_dir;
	const char *report, *pre_exec, *post_exec;
	long long submit_ms;
	uid_t uid;
	gid_t gid;
	mode_t umask;
	int stdout_append, stderr_append, have_uid, have_gid;
};

static const char *job_dir;

/* Formats a one-line reason into buf; every failure ends up in status as text. */
static const char *reason(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, ERROR_MAX, fmt, ap);
	va_end(ap);
	return buf;
}

static int write_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * No fsync: the files must survive sbatchd, which the page cache ensures; a machine crash
 * kills the job anyway, and sbatchd then reports it lost.
 */
static int write_atomic(const char *name, const char *text)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int fd, failed;

	snprintf(tmp, sizeof tmp, "%s/.%s.tmp", job_dir, name);
	snprintf(path, sizeof path, "%s/%s", job_dir, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	failed = write_all(fd, text, strlen(text));
	if (close(fd) < 0 || failed)
		return -1;
	return rename(tmp, path);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void encode(char *out, size_t size, const char *text)
{
	size_t used = 0;

	for (; *text && used + 4 < size; text++) {
		unsigned char c = (unsigned char)*text;

		if (c <= 0x20 || c == '%' || c >= 0x7f)
			used += (size_t)snprintf(out + used, size - used, "%%%02X", c);
		else
			out[used++] = (char)c;
	}
	out[used] = '\0';
}

static int write_status(const char *outcome, const struct rusage *ru)
{
	char text[ERROR_MAX * 3 + 256];
	long long cpu_us = 0, maxrss_kb = 0;

	if (ru) {
		cpu_us = (long long)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000 +
			 ru->ru_utime.tv_usec + ru->ru_stime.tv_usec;
		maxrss_kb = ru->ru_maxrss;
	}
	snprintf(text, sizeof text, "%s\ncpu_us=%lld\nmaxrss_kb=%lld\nend_ms=%lld\n", outcome,
		 cpu_us, maxrss_kb, now_ms());
	return write_atomic("status", text);
}

/*
 * The job never ran: the reason goes to status for sbatchd to pass on, marked as the job's own
 * fault when its files could not be opened, which no other host would fix.
 */
static int fail_as(const char *why, int job_fault)
{
	char outcome[ERROR_MAX * 3 + 32] = "error=";

	/* Room is left behind the encoded text for the fault line. */
	encode(outcome + 6, sizeof outcome - 6 - 16, why);
	if (job_fault)
		strcat(outcome, "\nfault=job");
	return write_status(outcome, NULL) == 0 ? 0 : 1;
}

static int fail(const char *why)
{
	return fail_as(why, 0);
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes in place; a NUL byte is refused because every value ends up as a C string. */
static int decode(char *value)
{
	char *out = value;

	for (char *in = value; *in; in++) {
		if (*in == '%') {
			int high = hex(in[1]), low = high < 0 ? -1 : hex(in[2]);

			if (low < 0 || (high | low) == 0)
				return -1;
			*out++ = (char)(high * 16 + low);
			in += 2;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
	return 0;
}

static int number(const char *value, int base, unsigned long max, unsigned long *result)
{
	char *end;

	errno = 0;
	*result = strtoul(value, &end, base);
	return (*value == '\0' || *end != '\0' || errno != 0 || *result > max) ? -1 : 0;
}

/* The text-valued keys of the start file and where each goes. */
static const struct {
	const char *key;
	size_t offset;
} text_fields[] = {
	{"command", offsetof(struct start, command)},
	{"user", offsetof(struct start, user)},
	{"cwd", offsetof(struct start, cwd)},
	{"stdin", offsetof(struct start, stdin_path)},
	{"stdout", offsetof(struct start, stdout_path)},
	{"stderr", offsetof(struct start, stderr_path)},
	{"spool_dir", offsetof(struct start, spool_dir)},
	{"stdout_dir", offsetof(struct start, stdout_dir)},
	{"stderr_dir", offsetof(struct start, stderr_dir)},
	{"report", offsetof(struct start, report)},
	{"pre_exec", offsetof(struct start, pre_exec)},
	{"post_exec", offsetof(struct start, post_exec)},
};

static int set_field(struct start *s, const char *key, const char *value)
{
	unsigned long n;

	for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
		if (strcmp(key, text_fields[i].key) == 0) {
			*(const char **)((char *)s + text_fields[i].offset) = value;
			return 0;
		}
	}
	if (strcmp(key, "version") == 0)
		return strcmp(value, "1") == 0 ? 0 : -1;
	if (strcmp(key, "stdout_append") == 0 && number(value, 10, 1, &n) == 0)
		s->stdout_append = (int)n;
	else if (strcmp(key, "stderr_append") == 0 && number(value, 10, 1, &n) == 0)
		s->stderr_append = (int)n;
	else if (strcmp(key, "submit_ms") == 0 && number(value, 10, LONG_MAX, &n) == 0)
		s->submit_ms = (long long)n;
	else if (strcmp(key, "umask") == 0 && number(value, 8, 0777, &n) == 0)
		s->umask = (mode_t)n;
	else if (strcmp(key, "uid") == 0 && number(value, 10, UINT_MAX - 1, &n) == 0)
		s->uid = (uid_t)n, s->have_uid = 1;
	else if (strcmp(key, "gid") == 0 && number(value, 10, UINT_MAX - 1, &n) == 0)
		s->gid = (gid_t)n, s->have_gid = 1;
	else
		return -1;
	return 0;
}

/* Reads JOBDIR/start into s; the strings point into a buffer that lives until exec. */
static const char *read_start(struct start *s, char *why)
{
	char path[PATH_MAX];
	static char text[START_MAX + 1];
	ssize_t len = 0, n;
	int fd;

	snprintf(path, sizeof path, "%s/start", job_dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return reason(why, "cannot open %s: %s", path, strerror(errno));
	while ((n = read(fd, text + len, START_MAX - (size_t)len)) > 0 || (n < 0 && errno == EINTR))
		len += n > 0 ? n : 0;
	close(fd);
	if (n < 0 || len >= START_MAX)
		return reason(why, "cannot read %s (larger than %d bytes?)", path, START_MAX);
	text[len] = '\0';

	for (char *line = text, *next; *line; line = next) {
		char *eq;

		next = strchr(line, '\n');
		next = next ? (*next = '\0', next + 1) : line + strlen(line);
		if (*line == '\0')
			continue;
		eq = strchr(line, '=');
		if (!eq)
			return reason(why, "bad line in %s: %.40s", path, line);
		*eq = '\0';
		if (decode(eq + 1) < 0 || set_field(s, line, eq + 1) < 0)
			return reason(why, "bad value of %s in %s", line, path);
	}
	if (!s->command || !s->have_uid || !s->have_gid)
		return reason(why, "%s lacks command, uid or gid", path);
	return NULL;
}

/* Root becomes the user; anyone else may only run jobs as itself. */
static const char *become_user(const struct start *s, char *why)
{
	if (geteuid() != 0) {
		if (s->uid != geteuid())
			return reason(why, "cannot run as uid %u: sbatchd does not run as root",
				      (unsigned)s->uid);
		return NULL;
	}
	if (*s->user ? initgroups(s->user, s->gid) : setgroups(1, &s->gid))
		return reason(why, "cannot set the groups of %s: %s", s->user, strerror(errno));
	if (setgid(s->gid) || setuid(s->uid))
		return reason(why, "cannot become uid %u gid %u: %s", (unsigned)s->uid,
			      (unsigned)s->gid, strerror(errno));
	return NULL;
}

static const char *open_on(int target, const char *path, int flags, char *why)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);

	if (fd < 0)
		return reason(why, "cannot open %s: %s", path, strerror(errno));
	if (dup2(fd, target) < 0)
		return reason(why, "cannot redirect to %s: %s", path, strerror(errno));
	close(fd);
	return NULL;
}

static int output_flags(int append)
{
	return O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
}

/* Gives the job back the variables sbatchd kept away from the shepherd's loader. */
static const char *restore_held_env(char *why)
{
	size_t count = 0, prefix = strlen(HELD_PREFIX);
	char **held;

	for (char **e = environ; *e; e++)
		count++;
	/* Copied first: setenv and unsetenv below move environ's entries around. */
	held = calloc(count + 1, sizeof *held);
	if (!held)
		return reason(why, "out of memory");
	count = 0;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, HELD_PREFIX, prefix) == 0)
			held[count++] = *e;

	for (size_t i = 0; i < count; i++) {
		char *eq = strchr(held[i], '=');
		char *name = eq ? strndup(held[i] + prefix, (size_t)(eq - held[i]) - prefix) : NULL;
		char *held_name = eq ? strndup(held[i], (size_t)(eq - held[i])) : NULL;

		if (!name || !held_name || unsetenv(held_name) < 0 || setenv(name, eq + 1, 1) < 0)
			return reason(why, "cannot restore the job environment");
		free(name);
		free(held_name);
	}
	free(held);
	return NULL;
}

/* Creates a directory the job's output goes into, unless it exists; "" is none. */
static const char *make_output_dir(const char *dir, char *why)
{
	if (*dir && mkdir(dir, 0777) < 0 && errno != EEXIST)
		return reason(why, "cannot create %s: %s", dir, strerror(errno));
	return NULL;
}

/*
 * Everything the job needs before exec, done in the job process as the user, so that files
 * are created with the user's rights and ownership. Returns the reason of a failure, with
 * *job_fault set when it lies in the job's own files.
 */
static const char *prepare_job(const struct start *s, char *why, int *job_fault)
{
	const char *err;
	int cwd_errno = 0;
	sigset_t none;

	if ((err = become_user(s, why)) || (err = restore_held_env(why)))
		return err;
	umask(s->umask);
	if (chdir(*s->cwd ? s->cwd : "/") < 0) {
		cwd_errno = errno;
		if (chdir("/tmp") < 0)
			return reason(why, "cannot enter %s nor /tmp: %s", s->cwd, strerror(errno));
	}
	if (*s->spool_dir && mkdir(s->spool_dir, 0700) < 0 && errno != EEXIST)
		return reason(why, "cannot create %s: %s", s->spool_dir, strerror(errno));

	*job_fault = 1;
	if ((err = make_output_dir(s->stdout_dir, why)) || (err = make_output_dir(s->stderr_dir, why)))
		return err;
	if ((err = open_on(0, *s->stdin_path ? s->stdin_path : "/dev/null", O_RDONLY, why)) ||
	    (err = open_on(1, s->stdout_path, output_flags(s->stdout_append), why)))
		return err;
	if (*s->stderr_path && strcmp(s->stderr_path, s->stdout_path) != 0)
		err = open_on(2, s->stderr_path, output_flags(s->stderr_append), why);
	else if (dup2(1, 2) < 0)
		err = reason(why, "cannot redirect stderr: %s", strerror(errno));
	if (err)
		return err;
	*job_fault = 0;
	if (cwd_errno)
		dprintf(2, "lavalite: cannot enter %s (%s); the job runs in /tmp\n", s->cwd,
			strerror(cwd_errno));

	/* Ignored signals and the mask survive exec; the job must start with defaults. */
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	return NULL;
}

/*
 * Runs the pre-execution command as the job's user with its environment, and as LSF does in
 * /tmp with /dev/null for its standard input, output and error, so that it never writes into
 * the job's output. Returns its exit status, 128 + N when signal N ended it.
 */
static int run_pre_exec(const char *command)
{
	int status, null_fd;
	pid_t pid = fork();

	if (pid < 0) {
		dprintf(2, "lavalite: cannot fork the pre-execution command: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		null_fd = open("/dev/null", O_RDWR);
		if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(null_fd, 1) < 0 || dup2(null_fd, 2) < 0)
			_exit(127);
		if (chdir("/tmp") < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		dprintf(2, "lavalite: cannot execute /bin/sh: %s\n", strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 127;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/*
 * The job process: set up, say '+' (or '-', or 'F' for a fault of the job's own files, and
 * why) on `report`, wait for the go byte that follows the pid file, run the pre-execution
 * command if any (a failure is said as 'P' and its status on `report`, and the job does not
 * run), then exec. After the go byte the job is running as far as anyone knows, so a failed
 * exec is the job's own exit 127, explained on its stderr.
 */
static void run_job(const struct start *s, int report, int go)
{
	char why[ERROR_MAX], byte, pid_text[16];
	int job_fault = 0;
	const char *err = prepare_job(s, why, &job_fault);
	ssize_t n;

	if (err) {
		write_all(report, job_fault ? "F" : "-", 1);
		write_all(report, err, strlen(err));
		_exit(127);
	}
	write_all(report, "+", 1);
	while ((n = read(go, &byte, 1)) < 0 && errno == EINTR)
		;
	if (n != 1)
		_exit(127); /* the shepherd gave up: never run a job whose pid nobody knows */

	/* LSF's name for the job's own pid, the one that execs the job shell. */
	snprintf(pid_text, sizeof pid_text, "%d", (int)getpid());
	setenv("LS_JOBPID", pid_text, 1);
	if (*s->pre_exec) {
		int pre_status = run_pre_exec(s->pre_exec);

		if (pre_status != 0) {
			char said_pre[16];

			snprintf(said_pre, sizeof said_pre, "P%d", pre_status);
			write_all(report, said_pre, strlen(said_pre));
			_exit(pre_status & 0xff);
		}
	}
	execl("/bin/sh", "sh", "-c", s->command, (char *)NULL);
	dprintf(2, "lavalite: cannot execute /bin/sh: %s\n", strerror(errno));
	_exit(127);
}

/* Reads what the job process said until it execs or exits; returns the length. */
static size_t read_report(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size && ((n = read(fd, buf + len, size - 1 - len)) > 0 ||
				  (n < 0 && errno == EINTR)))
		len += n > 0 ? (size_t)n : 0;
	buf[len] = '\0';
	return len;
}

static pid_t wait_job(pid_t pid, int *status, struct rusage *ru)
{
	pid_t got;

	while ((got = wait4(pid, status, 0, ru)) < 0 && errno == EINTR)
		;
	return got;
}

/* ctime's layout without the newline, in local time: `Tue Mar  4 09:15:03 2025`. */
static void format_time(char *buf, size_t size, long long ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, size, "%a %b %e %H:%M:%S %Y", &tm);
}

/* The values of the report's tokens, known once the job has ended. */
struct report_values {
	char started[64], ended[64], subject_end[16], outcome[160], cpu[48], max_mem[48], run[48],
		turnaround[48];
};

static void report_values(struct report_values *v, const struct start *s, int status,
			  const struct rusage *ru, long long start_ms, long long end_ms)
{
	double cpu = (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
		     (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;

	format_time(v->started, sizeof v->started, start_ms);
	format_time(v->ended, sizeof v->ended, end_ms);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		strcpy(v->subject_end, "Done");
		strcpy(v->outcome, "Successfully completed.");
	} else {
		strcpy(v->subject_end, "Exited");
		if (WIFSIGNALED(status))
			snprintf(v->outcome, sizeof v->outcome,
				 "Exited with signal termination: %s%s.", strsignal(WTERMSIG(status)),
				 WCOREDUMP(status) ? ", and core dumped" : "");
		else
			snprintf(v->outcome, sizeof v->outcome, "Exited with exit code %d.",
				 WEXITSTATUS(status));
	}
	snprintf(v->cpu, sizeof v->cpu, "%.2f sec.", cpu);
	/* Rounded up: a job that used any memory never shows 0 MB. */
	snprintf(v->max_mem, sizeof v->max_mem, "%lld MB", ((long long)ru->ru_maxrss + 1023) / 1024);
	snprintf(v->run, sizeof v->run, "%lld sec.", (end_ms - start_ms + 500) / 1000);
	if (s->submit_ms > 0)
		snprintf(v->turnaround, sizeof v->turnaround, "%lld sec.",
			 (end_ms - s->submit_ms + 500) / 1000);
	else
		strcpy(v->turnaround, "-");
}

/* The report with its tokens replaced; `@@` stands for `@`. NULL when out of memory. */
static char *fill_report(const char *template, const struct report_values *v)
{
	const struct {
		const char *token, *value;
	} tokens[] = {
		{"@STARTED@", v->started},	 {"@ENDED@", v->ended},
		{"@SUBJECT_END@", v->subject_end}, {"@OUTCOME@", v->outcome},
		{"@CPU_TIME@", v->cpu},		 {"@MAX_MEMORY@", v->max_mem},
		{"@RUN_TIME@", v->run},		 {"@TURNAROUND@", v->turnaround},
	};
	size_t count = 0, size, used = 0;
	char *out;

	for (const char *p = template; (p = strchr(p, '@')); p++)
		count++;
	size = strlen(template) + count * 160 + 1;
	out = malloc(size);
	if (!out)
		return NULL;
	for (const char *p = template; *p;) {
		size_t i, n = sizeof tokens / sizeof tokens[0];

		if (*p != '@') {
			out[used++] = *p++;
			continue;
		}
		if (p[1] == '@') {
			out[used++] = '@';
			p += 2;
			continue;
		}
		for (i = 0; i < n && strncmp(p, tokens[i].token, strlen(tokens[i].token)) != 0; i++)
			;
		if (i == n) {
			out[used++] = *p++;
			continue;
		}
		used += (size_t)snprintf(out + used, size - used, "%s", tokens[i].value);
		p += strlen(tokens[i].token);
	}
	out[used] = '\0';
	return out;
}

/*
 * Appends the job report to the job's stdout file, as the user (the file is the user's), in a
 * child process so that the shepherd keeps its own identity. A failure loses only the report.
 */
static void write_report(const struct start *s, int status, const struct rusage *ru,
			 long long start_ms)
{
	struct report_values v;
	char why[ERROR_MAX], *text;
	pid_t pid;
	int fd, child_status;

	report_values(&v, s, status, ru, start_ms, now_ms());
	text = fill_report(s->report, &v);
	if (!text)
		return;
	pid = fork();
	if (pid == 0) {
		if (become_user(s, why))
			_exit(1);
		umask(s->umask);
		/* A relative output path names a file in the job's directory, as for the job. */
		if (chdir(*s->cwd ? s->cwd : "/") < 0 && chdir("/tmp") < 0)
			_exit(1);
		fd = open(s->stdout_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		_exit(fd < 0 || write_all(fd, text, strlen(text)) < 0 ? 1 : 0);
	}
	free(text);
	if (pid > 0)
		while (waitpid(pid, &child_status, 0) < 0 && errno == EINTR)
			;
}

/*
 * Runs the post-execution command once the job ended: as the job's user with its environment,
 * and as LSF does in /tmp with /dev/null for its stdio, LSB_JOBEXIT_STAT holding the job's wait
 * status. Its own end changes nothing of the job's; the job's end is reported after it.
 */
static void run_post_exec(const struct start *s, int job_status)
{
	char why[ERROR_MAX], text[16];
	int null_fd, status;
	pid_t pid = fork();

	if (pid == 0) {
		if (become_user(s, why) || restore_held_env(why))
			_exit(127);
		umask(s->umask);
		null_fd = open("/dev/null", O_RDWR);
		if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(null_fd, 1) < 0 ||
		    dup2(null_fd, 2) < 0 || chdir("/tmp") < 0)
			_exit(127);
		snprintf(text, sizeof text, "%d", job_status);
		setenv("LSB_JOBEXIT_STAT", text, 1);
		/* The shepherd ignores HUP and PIPE; the command starts with the defaults. */
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", s->post_exec, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
}

int main(int argc, char **argv)
{
	struct start s = {.user = "", .cwd = "", .stdin_path = "", .stdout_path = "/dev/null",
			  .stderr_path = "", .spool_dir = "", .stdout_dir = "", .stderr_dir = "",
			  .report = "", .pre_exec = "", .post_exec = "", .umask = 022};
	long long start_ms;
	char why[ERROR_MAX], said[ERROR_MAX + 1], text[64], outcome[32];
	int report[2], go[2], status;
	struct rusage ru;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: lavalite-shepherd JOBDIR\n");
		return 2;
	}
	job_dir = argv[1];

	/* Already a session leader when sbatchd spawned us detached; then EPERM is fine. */
	setsid();
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (read_start(&s, why))
		return fail(why);

	if (pipe2(report, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0)
		return fail(reason(why, "cannot create a pipe: %s", strerror(errno)));
	pid = fork();
	if (pid < 0)
		return fail(reason(why, "cannot fork: %s", strerror(errno)));
	if (pid == 0) {
		setpgid(0, 0);
		close(report[0]);
		close(go[1]);
		run_job(&s, report[1], go[0]);
	}
	/* Both sides set the group, so it exists whichever runs first. */
	setpgid(pid, pid);
	close(report[1]);
	close(go[0]);

	if (read_report(report[0], said, 2) != 1 || said[0] != '+') {
		size_t len = read_report(report[0], said + 1, sizeof said - 1);

		wait_job(pid, &status, &ru);
		if ((said[0] != '-' && said[0] != 'F') || len == 0)
			return fail("the job process ended during setup");
		return fail_as(said + 1, said[0] == 'F');
	}
	snprintf(text, sizeof text, "%d\n%d\n", (int)pid, (int)getpid());
	if (write_atomic("pid", text) < 0) {
		kill(pid, SIGKILL);
		wait_job(pid, &status, &ru);
		return fail(reason(why, "cannot write %s/pid: %s", job_dir, strerror(errno)));
	}
	start_ms = now_ms();
	write_all(go[1], "g", 1);
	close(go[1]);

	if (wait_job(pid, &status, &ru) < 0)
		return fail(reason(why, "cannot wait for the job: %s", strerror(errno)));
	kill(-pid, SIGKILL);
	/* The report pipe closed when the job shell started: anything on it is a pre-exec's end. */
	if (read_report(report[0], said, sizeof said) > 1 && said[0] == 'P') {
		snprintf(outcome, sizeof outcome, "pre_exec_exit=%ld", strtol(said + 1, NULL, 10));
		return write_status(outcome, &ru) == 0 ? 0 : 1;
	}
	close(report[0]);
	if (*s.report)
		write_report(&s, status, &ru, start_ms);
	if (*s.post_exec)
		run_post_exec(&s, status);
	if (WIFSIGNALED(status))
		snprintf(outcome, sizeof outcome, "signal=%d", WTERMSIG(status));
	else
		snprintf(outcome, sizeof outcome, "exit_code=%d", WEXITSTATUS(status));
	return write_status(outcome, &ru) == 0 ? 0 : 1;
}
