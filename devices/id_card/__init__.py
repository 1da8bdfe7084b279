"""The second-generation resident ID card reader (居民身份证阅读器)."""
