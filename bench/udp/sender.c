// Paced UDP sender for bench/udp-listen.ts: replays length-prefixed payloads (u32 little-endian length, bytes) to
// host:port at a target rate with sendmmsg batches, for a fixed time, then prints "sent <datagrams> <bytes>".
// An optional START index begins the replay there, so a measured run can follow a warm-up without repeating it.
// A second line, "cpu <user s> <system s>", is this process's CPU while sending: on loopback the system part includes the
// kernel's delivery into the receiving socket, which shares the machine's cores with the receiver.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double seconds_between(struct timeval a, struct timeval b) {
  return (b.tv_sec - a.tv_sec) + (b.tv_usec - a.tv_usec) / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 6 && argc != 7) {
    fprintf(stderr, "usage: %s HOST PORT PAYLOADS RATE SECONDS [START]\n", argv[0]);
    return 2;
  }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  double rate = atof(argv[4]);
  double seconds = atof(argv[5]);
  FILE *f = fopen(argv[3], "rb");
  if (!f) { perror("payloads"); return 1; }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(size);
  if (fread(buf, 1, size, f) != (size_t)size) { perror("read"); return 1; }
  fclose(f);
  size_t count = 0;
  for (long o = 0; o + 4 <= size;) { uint32_t n; memcpy(&n, buf + o, 4); o += 4 + n; count++; }
  struct iovec *iov = calloc(count, sizeof *iov);
  size_t i = 0;
  for (long o = 0; o + 4 <= size; i++) { uint32_t n; memcpy(&n, buf + o, 4); iov[i].iov_base = buf + o + 4; iov[i].iov_len = n; o += 4 + n; }

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int sndbuf = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  struct sockaddr_in to = {0};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, host, &to.sin_addr);
  if (connect(fd, (struct sockaddr *)&to, sizeof to) != 0) { perror("connect"); return 1; }

  struct mmsghdr msgs[BATCH];
  memset(msgs, 0, sizeof msgs);
  unsigned long long sent = 0, bytes = 0;
  size_t next = argc == 7 ? (size_t)strtoull(argv[6], NULL, 10) % count : 0;
  // Sleep until a burst of about a quarter millisecond's datagrams is due (at least one, at most BATCH): a fixed
  // short sleep woke this process tens of thousands of times a second, CPU the receiver needs on a small host.
  double burst = rate * 0.00025;
  if (burst < 1) burst = 1;
  if (burst > BATCH) burst = BATCH;
  struct rusage ru0, ru1;
  getrusage(RUSAGE_SELF, &ru0);
  double start = now_s();
  double end = start + seconds;
  for (;;) {
    double t = now_s();
    if (t >= end) break;
    unsigned long long due = (unsigned long long)((t - start) * rate);
    if (sent >= due) {
      double wake = start + (sent + burst) / rate;
      if (wake > end) wake = end;
      struct timespec at = {(time_t)wake, (long)((wake - (double)(time_t)wake) * 1e9)};
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
      continue;
    }
    unsigned long long want = due - sent;
    int n = want > BATCH ? BATCH : (int)want;
    for (int k = 0; k < n; k++) {
      msgs[k].msg_hdr.msg_iov = &iov[(next + k) % count];
      msgs[k].msg_hdr.msg_iovlen = 1;
    }
    int done = sendmmsg(fd, msgs, n, 0);
    if (done <= 0) continue;
    for (int k = 0; k < done; k++) bytes += iov[(next + k) % count].iov_len;
    next = (next + done) % count;
    sent += done;
  }
  double took = now_s() - start;
  getrusage(RUSAGE_SELF, &ru1);
  printf("sent %llu %llu %.6f\n", sent, bytes, took);
  printf("cpu %.6f %.6f\n", seconds_between(ru0.ru_utime, ru1.ru_utime), seconds_between(ru0.ru_stime, ru1.ru_stime));
  return 0;
}
