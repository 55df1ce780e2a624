// Placeholder so the target compiles while its owner builds it out; replaced before landing.
enum AccountsAPIModule {}
