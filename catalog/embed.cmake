# embed.cmake - turn a text file into a C byte array (cmake -DINPUT=... -DOUTPUT=... -P).
# A byte array, not a string literal, because C compilers cap string literals (C11: 4095).
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n    " bytes "${bytes}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
  "/* sample_sql.c - generated from catalog/${name} by catalog/embed.cmake; do not edit. */\n"
  "#include \"catalog_internal.h\"\n\n"
  "const char catalog__sample_sql[] = {\n    ${bytes}0x00};\n"
  "const unsigned long catalog__sample_sql_len = ${size};\n")
# Only touch the output when it changed, so an unchanged sample does not rebuild anything.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
