/*
 * The few glibc symbols that Debian's libstdc++.so.6 and libgcc_s.so.1 (built for glibc) ask of
 * the C library and musl does not have: with them, Bun's musl executable runs on musl's loader
 * and libc (Debian's `musl` package) although Debian has no libstdc++ built for musl. Alpine's
 * gcompat does the same for glibc programs. Test-only: test/release/foreign.ts compiles it with
 * musl-gcc (Debian's `musl-tools`).
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>

uint32_t arc4random(void) {
  uint32_t v = 0;
  getrandom(&v, sizeof v, 0);
  return v;
}

size_t __strftime_l(char *s, size_t n, const char *f, const struct tm *tm, locale_t l) {
  return strftime_l(s, n, f, tm, l);
}

/* thread_local destructors: not run (a test process; the threads live as long as it does). */
int __cxa_thread_atexit_impl(void (*dtor)(void *), void *obj, void *dso) {
  (void)dtor;
  (void)obj;
  (void)dso;
  return 0;
}

/* 0: "maybe more than one thread", the safe answer (libstdc++ then uses atomics). */
char __libc_single_threaded = 0;

/* -1: not found, and libgcc's unwinder falls back to dl_iterate_phdr, which musl has. */
int _dl_find_object(void *pc, void *result) {
  (void)pc;
  (void)result;
  return -1;
}

/* libgcc's CPU model for __builtin_cpu_supports: all zero, "nothing special", the baseline. */
struct {
  unsigned int vendor, type, subtype, features[1];
} __cpu_model;
int __cpu_indicator_init(void) { return 0; }
