// libFuzzer entry point for the HTTP/1.1 request parser; filled in with the parser.
