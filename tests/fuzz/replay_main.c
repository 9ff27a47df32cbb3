/* Replays every file of a seed corpus through a fuzz harness, so that ctest
 * runs each harness on every build, with or without libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    DIR *d;
    struct dirent *e;
    int n = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    d = opendir(argv[1]);
    if (!d) {
        perror(argv[1]);
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        FILE *f;
        unsigned char *buf;
        long len;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        f = fopen(path, "rb");
        if (!f)
            continue;
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc(len > 0 ? (size_t)len : 1);
        if (buf && fread(buf, 1, (size_t)len, f) == (size_t)len) {
            LLVMFuzzerTestOneInput(buf, (size_t)len);
            n++;
        }
        free(buf);
        fclose(f);
    }
    closedir(d);
    printf("replayed %d inputs from %s\n", n, argv[1]);
    return n > 0 ? 0 : 1;
}
