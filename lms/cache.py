"""Django's Redis cache, with one client object per connection pool.

Django's own backend builds a new ``redis.Redis`` object for every cache operation (its
constructor fills a table of about 170 response callbacks each time), which cost more
than the round trip itself on the pages that read the shared caches a dozen times per
request. A ``redis.Redis`` object is safe to share between threads (each command borrows a
connection from the pool), so one per pool is kept and reused; everything else is
Django's."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
