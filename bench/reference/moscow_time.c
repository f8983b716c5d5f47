/* The same job as main.wasm in once mode, in C with wasi-libc: the wasm reference for start-up.
 * Reads MODE, prints the Moscow time JSON (UTC+3, integer civil-date arithmetic) and exits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void civil(long long days, long long *y, int *m, int *d) {
  long long z = days + 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (long long)yoe + era * 400 + (*m <= 2);
}

int main(void) {
  const char *mode = getenv("MODE");
  if (mode == NULL || strcmp(mode, "once") != 0) {
    fputs("moscow-time: only MODE=once is implemented in this reference\n", stderr);
    return 2;
  }
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) != 0) return 1;
  long long t = (long long)now.tv_sec, local = t + 3 * 3600;
  long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int sod = (int)(local - days * 86400), m, d;
  long long y;
  civil(days, &y, &m, &d);
  printf("{\n  \"moscow_time\": \"%04lld-%02d-%02d %02d:%02d:%02d MSK\",\n  \"timestamp\": %lld\n}\n",
         y, m, d, sod / 3600, sod / 60 % 60, sod % 60, t);
  return 0;
}
