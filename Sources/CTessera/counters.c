#include "CTessera.h"

__thread long tessera_thread_shard = -1;
static long tessera_next_shard = 0;

long tessera_take_counter_shard(void) {
    long shard = __atomic_fetch_add(&tessera_next_shard, 1, __ATOMIC_RELAXED) % TESSERA_COUNTER_SHARDS;
    tessera_thread_shard = shard;
    return shard;
}
