// The receive ceiling for bench/udp-listen.ts: drains a UDP port with recvmmsg and counts, nothing else. Runs until
// SIGTERM, then prints "received <datagrams> <bytes>".
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64
#define SLOT 65536

static volatile sig_atomic_t stop = 0;
static void on_term(int sig) { (void)sig; stop = 1; }

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s HOST PORT\n", argv[0]); return 2; }
  struct sigaction sa = {0};
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int rcvbuf = 64 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  struct timeval tv = {0, 100000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  struct sockaddr_in at = {0};
  at.sin_family = AF_INET;
  at.sin_port = htons(atoi(argv[2]));
  inet_pton(AF_INET, argv[1], &at.sin_addr);
  if (bind(fd, (struct sockaddr *)&at, sizeof at) != 0) { perror("bind"); return 1; }
  static unsigned char bufs[BATCH][SLOT];
  struct iovec iov[BATCH];
  struct mmsghdr msgs[BATCH];
  memset(msgs, 0, sizeof msgs);
  for (int i = 0; i < BATCH; i++) {
    iov[i].iov_base = bufs[i];
    iov[i].iov_len = SLOT;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  printf("ready\n");
  fflush(stdout);
  unsigned long long count = 0, bytes = 0;
  while (!stop) {
    int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      perror("recvmmsg");
      return 1;
    }
    for (int i = 0; i < n; i++) bytes += msgs[i].msg_len;
    count += n;
  }
  printf("received %llu %llu\n", count, bytes);
  return 0;
}
