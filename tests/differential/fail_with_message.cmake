# cmake -DMESSAGE=<text> -P fail_with_message.cmake: prints <text> and exits non-zero.
# differential.flask runs this instead of the comparison when no Python with Flask was found,
# so that the test fails with a reason instead of being skipped.
message(FATAL_ERROR "${MESSAGE}")
