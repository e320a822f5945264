/* The floor of the cold-start harness: a minimal static C program that does what a bootstrap
 * must (connect to AWS_LAMBDA_RUNTIME_API, GET next, POST a fixed response, GET next again and
 * exit on the 500) and nothing else. cold_start.sh builds it with `cc -O2 -static` and measures
 * it like the bootstrap, so the bootstrap's figures can be read against process creation and
 * the Python server's own latency. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[1 << 16];

/* Reads one answer (headers and a Content-Length body); returns the status code. */
static int read_answer(int fd) {
  size_t got = 0;
  for (;;) {
    ssize_t n = read(fd, buf + got, sizeof buf - 1 - got);
    if (n <= 0) return -1;
    got += (size_t)n;
    buf[got] = 0;
    char* end = strstr(buf, "\r\n\r\n");
    if (!end) continue;
    char* cl = strcasestr(buf, "content-length:");
    size_t length = cl ? strtoul(cl + 15, NULL, 10) : 0;
    if (got >= (size_t)(end + 4 - buf) + length) return atoi(buf + 9);
  }
}

int main(void) {
  const char* api = getenv("AWS_LAMBDA_RUNTIME_API");
  if (!api) return 1;
  char host[64];
  snprintf(host, sizeof host, "%s", api);
  char* colon = strchr(host, ':');
  if (!colon) return 1;
  *colon = 0;
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(colon + 1))};
  inet_pton(AF_INET, host, &addr.sin_addr);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr*)&addr, sizeof addr) != 0) return 1;
  const char* next = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n";
  const char* body = "{\"statusCode\":200,\"headers\":{},\"body\":\"\",\"isBase64Encoded\":false}";
  char post[512];
  for (;;) {
    if (write(fd, next, strlen(next)) < 0 || read_answer(fd) != 200) return 1;
    char* id = strcasestr(buf, "lambda-runtime-aws-request-id:");
    if (!id) return 1;
    id += 30;
    while (*id == ' ') ++id;
    int idlen = (int)strcspn(id, "\r\n");
    int n = snprintf(post, sizeof post,
                     "POST /2018-06-01/runtime/invocation/%.*s/response HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     idlen, id, strlen(body), body);
    if (write(fd, post, (size_t)n) < 0 || read_answer(fd) != 202) return 1;
  }
}
