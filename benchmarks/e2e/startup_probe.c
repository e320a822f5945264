/* Start-up probe for the end-to-end benchmark (built and run by benchmarks/e2e/startup.sh).
 *
 *   startup_probe spawn PORT RUNS [POLL_US] -- COMMAND [ARGS...]
 *       RUNS times: reads the monotonic clock, posix_spawn()s COMMAND (stdout and stderr to
 *       /dev/null), then connects to 127.0.0.1:PORT and sends "GET /gtg" again and again (every
 *       POLL_US microseconds, default 0: at once) until an answer with status 200 comes back,
 *       and reads the clock again: exec to first successful response. Then SIGTERM, and the time
 *       until the process has exited. Prints one line a run, then the median, p90, min and max.
 *   startup_probe wait PORT TIMEOUT_S
 *       Polls 127.0.0.1:PORT the same way (every millisecond) until a 200 comes back; exit 0, or 1
 *       on timeout. Used to know when a server started under valgrind has answered.
 *
 * A measurement, not a test. Only the C library and POSIX.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One attempt: 1 when GET /gtg on 127.0.0.1:port answered 200, 0 otherwise. */
static int try_gtg(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  struct sockaddr_in to;
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons((unsigned short)port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int ok = 0;
  if (connect(fd, (struct sockaddr *)&to, sizeof to) == 0) {
    static const char req[] = "GET /gtg HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (send(fd, req, sizeof req - 1, MSG_NOSIGNAL) == (ssize_t)(sizeof req - 1)) {
      char buf[512];
      size_t have = 0;
      while (have < sizeof buf - 1) {
        ssize_t n = recv(fd, buf + have, sizeof buf - 1 - have, 0);
        if (n <= 0) break;
        have += (size_t)n;
        buf[have] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL) break;
      }
      buf[have] = '\0';
      ok = strncmp(buf, "HTTP/1.1 200 ", 13) == 0 && strstr(buf, "\r\n\r\n") != NULL;
    }
  }
  close(fd);
  return ok;
}

static void pause_us(long us) {
  if (us <= 0) return;
  struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
  nanosleep(&ts, NULL);
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values. */
static double percentile(const double *v, int n, double p) {
  int rank = (int)(p / 100.0 * n + 0.999999);
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return v[rank - 1];
}

static double median(const double *v, int n) {
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int spawn_runs(int port, int runs, long poll_us, char **command) {
  double *first = calloc((size_t)runs, sizeof *first);
  double *exit_ms = calloc((size_t)runs, sizeof *exit_ms);
  if (!first || !exit_ms) return 2;
  if (try_gtg(port)) {
    fprintf(stderr, "startup_probe: something already answers on port %d\n", port);
    return 2;
  }
  for (int i = 0; i < runs; ++i) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    const double t0 = now_ms();
    int rc = posix_spawn(&pid, command[0], &actions, NULL, command, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      fprintf(stderr, "startup_probe: cannot run %s: %s\n", command[0], strerror(rc));
      return 2;
    }
    long attempts = 0;
    int status = 0;
    for (;;) {
      ++attempts;
      if (try_gtg(port)) break;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        fprintf(stderr, "startup_probe: %s exited before answering (status %d)\n", command[0],
                status);
        return 1;
      }
      if (now_ms() - t0 > 30000) {
        fprintf(stderr, "startup_probe: no answer within 30 s\n");
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return 1;
      }
      pause_us(poll_us);
    }
    const double t1 = now_ms();
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    const double t2 = now_ms();
    first[i] = t1 - t0;
    exit_ms[i] = t2 - t1;
    printf("run %2d: %7.3f ms exec -> first 200 (%ld attempts); SIGTERM -> exited %7.3f ms%s\n",
           i + 1, first[i], attempts, exit_ms[i],
           WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "" : " (exit status not 0)");
    fflush(stdout);
  }
  qsort(first, (size_t)runs, sizeof *first, compare);
  qsort(exit_ms, (size_t)runs, sizeof *exit_ms, compare);
  printf("exec -> first 200 over %d runs: median %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms\n",
         runs, median(first, runs), percentile(first, runs, 90), first[0], first[runs - 1]);
  printf("SIGTERM -> exit over %d runs:   median %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms\n",
         runs, median(exit_ms, runs), percentile(exit_ms, runs, 90), exit_ms[0], exit_ms[runs - 1]);
  free(first);
  free(exit_ms);
  return 0;
}

static int wait_for(int port, double timeout_s) {
  const double t0 = now_ms();
  while (!try_gtg(port)) {
    if (now_ms() - t0 > timeout_s * 1e3) return 1;
    pause_us(1000);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 5 && strcmp(argv[1], "spawn") == 0) {
    int port = atoi(argv[2]), runs = atoi(argv[3]);
    long poll_us = 0;
    int at = 4;
    if (strcmp(argv[at], "--") != 0) poll_us = atol(argv[at++]);
    if (at < argc && strcmp(argv[at], "--") == 0) ++at;
    if (port > 0 && runs > 0 && at < argc) return spawn_runs(port, runs, poll_us, argv + at);
  } else if (argc == 4 && strcmp(argv[1], "wait") == 0) {
    return wait_for(atoi(argv[2]), atof(argv[3]));
  }
  fprintf(stderr,
          "usage: startup_probe spawn PORT RUNS [POLL_US] -- COMMAND [ARGS...]\n"
          "       startup_probe wait PORT TIMEOUT_S\n");
  return 2;
}
