"""The edge: HTTP and WeChat in, WeChat API and WeCom robot out."""
