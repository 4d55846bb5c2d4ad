# nnwb - build, tests and grading for the workbook.  `make help` lists the targets.

DATA_DIR ?= data
BUILD    ?= build
IMPL     ?= exercises
CH       ?=
CC       ?= cc

PKGS     := matio check zlib openblas
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

OPT      ?= -O2
# `make check SAN=1` means: run the student's code under the sanitizers.
ifeq ($(SAN),1)
override SAN :=
SAN_CHECK := 1
endif
WARN     := -Wall -Wextra -Wshadow -Wmissing-declarations
CFLAGS   ?=
SAN      ?=
# KIT_CFLAGS: the flags a student's chapter is compiled with (make print-compile),
# the same for make check and nnwb grade; never with sanitizers.
KIT_CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) -g $(WARN) $(CFLAGS) $(PKG_CFLAGS)
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) -g $(WARN) $(SAN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS := $(SAN) $(LDFLAGS)
LDLIBS   := $(PKG_LIBS) -lm

# The chapters come from chapters/chapters.def, the one list of them:
# CHAPTERS (their numbers) and CHAPTER_STEMS (ch1_data ...).
$(BUILD)/chapters.mk: chapters/chapters.def
	@mkdir -p $(dir $@)
	@sed -n 's/^CHAPTER(\([0-9]*\), *\([a-z0-9_]*\),.*/CHAPTERS += \1\nCHAPTER_STEMS += \2/p' $< >$@.tmp && mv $@.tmp $@
include $(BUILD)/chapters.mk

LIB_SRC  := $(wildcard lib/*.c)
# In a student handout the fast kernel (it holds chapters 5-6 in vectorised
# form) comes as a prebuilt object, like the reference solutions.
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(wildcard prebuilt/lib/*.o)
LIBNNWB  := $(BUILD)/libnnwb.a

SOL_SRC  := $(wildcard solutions/ch*.c)
SOL_OBJ  := $(SOL_SRC:%.c=$(BUILD)/%.o)
# A student handout (make handout) has no solutions/: the reference for the
# chapters a binary does not grade comes as prebuilt objects instead.
IMPLS    := exercises solutions
ifeq ($(SOL_SRC),)
SOL_OBJ  := $(wildcard prebuilt/ch*.o)
IMPLS    := exercises
endif

# The nnwb command, with the grader (tools/grade/, but for the worker's main)
# and the graded checks (tests/check/), which judge in nnwb's own process.
WORKER_SRC := tools/grade/worker.c
GRADE_SRC := $(filter-out $(WORKER_SRC),$(wildcard tools/grade/*.c)) $(wildcard tests/check/*.c)
GRADE_OBJ := $(GRADE_SRC:%.c=$(BUILD)/%.o)
# tools/origin.c says which chapters a program runs: compiled plainly for
# nnwb, and with NN_MINE_DIR for nnwb-mine.
TOOL_SRC := $(filter-out tools/origin.c,$(wildcard tools/*.c)) $(GRADE_SRC)
TOOL_OBJ := $(TOOL_SRC:%.c=$(BUILD)/%.o)
NNWB     := $(BUILD)/nnwb

# make mine: build/nnwb-mine, the same program linked with the student's
# chapters (IMPL, exercises by default) instead of the reference. MINE and
# MINE_OBJ_DIR move it (tests/cli/mine.sh builds one from a copy).
MINE     ?= $(BUILD)/nnwb-mine
MINE_OBJ_DIR ?= $(BUILD)/mine
MINE_OBJ := $(CHAPTER_STEMS:%=$(MINE_OBJ_DIR)/%.o) $(MINE_OBJ_DIR)/origin.o

UNIT_SRC := $(filter-out tests/unit/harness.c,$(wildcard tests/unit/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)

# The grader's kit (tools/grade/build.h): what a worker is linked from besides
# the student's chapter. A sanitizer build uses the plain build's kit.
KIT      := $(if $(SAN),$(PLAIN_BUILD)/kit,$(BUILD)/kit)
KIT_OBJS := $(addprefix $(BUILD)/kit/obj/,worker.o wire.o costfn.o libnnwb.a $(CHAPTER_STEMS:=.o))
# nn_simd.h is the kernel's private part, not the library's API (nor in a handout).
KIT_HDRS := $(addprefix $(BUILD)/kit/include/,$(notdir $(filter-out lib/nn_simd.h,$(wildcard lib/*.h))) workbook.h)

# The writer of tests/cli/bad_input.sh's .mat fixtures: a small matio program, not part of nnwb.
MKMAT    := $(BUILD)/tests/mkmat

.PHONY: all help deps check test sanitize data fashion goldens clean kit mine
.SECONDARY:
.DEFAULT_GOAL := all

all: $(NNWB) $(UNIT_BIN) $(MKMAT) $(if $(SAN),,kit)

help:
	@echo "nnwb targets:"
	@echo "  make deps       install the Debian packages nnwb needs (apt-get)"
	@echo "  make            build the library, build/nnwb and every test program"
	@echo "  make check      grade your exercises/ as the grader does: a table of points per chapter"
	@echo "                  CH=N one chapter; IMPL=solutions the reference; SEED=S repeats a run;"
	@echo "                  SAN=1 runs your code under AddressSanitizer and UBSan"
	@echo "  make mine       build/nnwb-mine: nnwb running YOUR chapters (eval, gradcheck, predict, train)"
	@echo "  make test       the project's own suite (ends with 'N passed, N failed')"
	@echo "  make sanitize   make test under AddressSanitizer and UBSan"
	@echo "  make data       build \$$(DATA_DIR)/digits20.mat and digits20-test.mat from MNIST"
	@echo "  make fashion    train 784-64-10 on all 60,000 Fashion-MNIST images (Debian's dataset)"
	@echo "  make goldens    regenerate tests/oracle/goldens.h with Octave"
	@echo "  make bench      time the cost+gradient kernel against this machine's dgemm"
	@echo "  make plots      lecture figures (PNG+SVG) in plots/out/en and plots/out/zh; QUICK=1 LOGY=1"
	@echo "  make book       the workbook as one HTML file per language: $(BUILD)/book.en.html, book.zh-CN.html"
	@echo "  make excerpts   copy the code, numbers and transcripts quoted in the text from their sources"
	@echo "  make handout    dist/nnwb-student.tar.gz, the students' copy (CLASSROOM=1: with the Classroom workflow)"
	@echo "  make gradescope dist/gradescope-autograder.zip for Gradescope (DATA_DIR= the data it grades with)"
	@echo "  make classroom  .github/workflows/classroom.yml, GitHub Classroom's autograding workflow"
	@echo "  make clean      remove build/"
	@echo "Variables: DATA_DIR=$(DATA_DIR)  IMPL=$(IMPL)  CH=$(CH)"

# GRADE_PKGS: what building nnwb and grading need (make check, nnwb grade:
# unzip for graded archives); the Gradescope image and the Classroom workflow
# install these. DEPS_PKGS adds what the tests and targets call: patch (mutants),
# zip (graded archives, make gradescope), perl (train.sh's fixtures), xmllint
# (plots.sh), python3-sklearn (the --report check), pandoc (make book), chromium
# (book.sh loads both books in it, headless), the CJK font (Chinese figures and
# book), gnuplot, dataset-fashion-mnist (make fashion). Octave (make goldens) is
# optional.
GRADE_PKGS := build-essential libmatio-dev libopenblas-dev check zlib1g-dev pkg-config unzip
DEPS_PKGS := $(GRADE_PKGS) gnuplot-nox fonts-noto-cjk patch zip perl libxml2-utils python3-sklearn pandoc chromium \
             dataset-fashion-mnist
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
.PHONY: deps-grade print-grade-pkgs
deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(DEPS_PKGS)
deps-grade:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(GRADE_PKGS)
print-grade-pkgs:
	@echo $(GRADE_PKGS)

# ---- compiling ---------------------------------------------------------
# Each layer sees only the headers below it, so a layering mistake is a
# compile error: lib/ sees lib/; the chapters (solutions/, exercises/) see
# lib/ and workbook.h; the command and its grader see those, the checks'
# table and the oracle's goldens; the unit tests see what they test.
INC_LIB     := -Ilib
INC_CHAPTER := -Ilib -Iexercises
INC_TOOLS   := -I. -Ilib -Iexercises -Itools -Itools/grade -Itests/check -Itests/oracle
INC_UNIT    := $(INC_TOOLS) -Itests/unit
$(BUILD)/lib/%.o: INC = $(INC_LIB)
$(BUILD)/solutions/%.o: INC = $(INC_CHAPTER)
$(BUILD)/tools/%.o: INC = $(INC_TOOLS)
$(BUILD)/tests/check/%.o: INC = $(INC_TOOLS)
$(BUILD)/tests/unit/%.o: INC = $(INC_UNIT)
$(BUILD)/tests/cli/%.o: INC = $(INC_LIB)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(INC) -c $< -o $@

# The kernel's vector helpers (lib/nn_simd.h, always inlined) take 64-byte vectors
# by value; GCC notes an ABI change for that, which cannot apply to inlined static
# functions, and its pragma does not silence every note. Only nn_kernel.c includes them.
$(BUILD)/lib/nn_kernel.o: ALL_CFLAGS += -Wno-psabi
# Adam's step: sqrt may only be vectorized without errno (lib/nn_optim.c)
$(BUILD)/lib/nn_optim.o: ALL_CFLAGS += -fno-math-errno

$(LIBNNWB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(NNWB): $(TOOL_OBJ) $(BUILD)/tools/origin.o $(SOL_OBJ) $(LIBNNWB)
	$(CC) $(ALL_LDFLAGS) $^ $(LDLIBS) -o $@

mine: $(MINE)
$(MINE): $(TOOL_OBJ) $(MINE_OBJ) $(LIBNNWB)
	$(CC) $(ALL_LDFLAGS) $^ $(LDLIBS) -o $@
	@echo "$@: nnwb with your chapters from $(IMPL)/ (eval, gradcheck, predict, train; $@ --help)"
$(MINE_OBJ_DIR)/%.o: $(IMPL)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(INC_CHAPTER) -c $< -o $@
$(MINE_OBJ_DIR)/origin.o: tools/origin.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(INC_TOOLS) -DNN_MINE_DIR='"$(IMPL)/"' -c $< -o $@

$(MKMAT): $(BUILD)/tests/cli/mkmat.o
	$(CC) $(ALL_LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/unit/test_judge: $(BUILD)/tests/unit/test_judge.o $(BUILD)/tests/unit/harness.o $(GRADE_OBJ) $(BUILD)/tools/util.o $(SOL_OBJ) $(LIBNNWB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/unit/%: $(BUILD)/tests/unit/%.o $(BUILD)/tests/unit/harness.o $(SOL_OBJ) $(LIBNNWB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $^ $(LDLIBS) -o $@

# The kit, compiled without sanitizers (a worker runs under RLIMIT_AS).
kit: $(KIT_OBJS) $(KIT_HDRS)
$(BUILD)/kit/obj/%.o: tools/grade/%.c
	@mkdir -p $(dir $@)
	$(CC) $(KIT_CFLAGS) -I. -Ilib -Iexercises -Itools/grade -c $< -o $@
$(BUILD)/kit/obj/libnnwb.a: $(LIBNNWB)
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/kit/obj/%.o: $(BUILD)/solutions/%.o
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/kit/obj/%.o: prebuilt/%.o
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/kit/include/workbook.h: exercises/workbook.h
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/kit/include/%.h: lib/%.h
	@mkdir -p $(dir $@)
	cp $< $@

# ---- grading and testing -----------------------------------------------
# make check: nnwb check, the grader's own build, policy and judge, on this
# machine. digits20 is built from MNIST first where it is missing.
SEED ?=
check: all
	@if [ "$(IMPL)" = solutions ] && [ ! -d solutions ]; then \
	    echo "make check IMPL=solutions: this is the student handout, which has no solutions/ (make check grades your exercises/)" >&2; exit 2; fi
	@DATA_DIR="$(DATA_DIR)" BUILD="$(BUILD)" NNWB="$(NNWB)" sh tools/ensure_data.sh
	@DATA_DIR="$(DATA_DIR)" NNWB_GEN_DIR="$(BUILD)/data" BUILD="$(BUILD)" NNWB_KIT="$(KIT)" SEED="$(SEED)" \
	    $(NNWB) check --impl $(IMPL) $(if $(CH),--ch $(CH)) $(if $(SAN_CHECK),--san)

# PLAIN_BUILD: a build without sanitizers, for what must run outside them: the
# code that nnwb grade compiles into its sandbox (RLIMIT_AS leaves ASan no room
# for its shadow memory) and the objects a handout ships.
PLAIN_BUILD ?= $(BUILD)
test: all
	@DATA_DIR="$(DATA_DIR)" BUILD="$(BUILD)" NNWB="$(NNWB)" sh tools/ensure_data.sh
	@DATA_DIR="$(DATA_DIR)" BUILD="$(BUILD)" PLAIN_BUILD="$(PLAIN_BUILD)" NNWB_KIT="$(KIT)" MAKE="$(MAKE)" \
	    TEST_SAN="$(SAN)" TEST_OPT="$(OPT)" sh tests/run_tests.sh

sanitize: all
	@$(MAKE) --no-print-directory test BUILD=$(BUILD)/sanitize PLAIN_BUILD=$(BUILD) OPT=-O1 \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

data: $(NNWB)
	$(NNWB) data mnist --images $(DATA_DIR)/mnist/t10k-images-idx3-ubyte.gz \
	    --labels $(DATA_DIR)/mnist/t10k-labels-idx1-ubyte.gz --per-class 500 -o $(DATA_DIR)/digits20.mat
	$(NNWB) data mnist --images $(DATA_DIR)/mnist/t10k-images-idx3-ubyte.gz \
	    --labels $(DATA_DIR)/mnist/t10k-labels-idx1-ubyte.gz --per-class 400 --offset 500 -o $(DATA_DIR)/digits20-test.mat

# Speed, reported not judged (tools/cmd_bench.c; bench/peers.sh for numpy/Octave).
bench: $(NNWB)
	@DATA_DIR="$(DATA_DIR)" BUILD="$(BUILD)" NNWB="$(NNWB)" sh tools/ensure_data.sh
	DATA_DIR="$(DATA_DIR)" NNWB_GEN_DIR="$(BUILD)/data" $(NNWB) bench

# Lecture figures drawn by gnuplot (plots/make_plots.sh, plots/*.gp).
.PHONY: plots
plots: $(NNWB)
	@DATA_DIR="$(DATA_DIR)" BUILD="$(BUILD)" QUICK="$(QUICK)" LOGY="$(LOGY)" sh plots/make_plots.sh

# The scale case: all 60,000 Fashion-MNIST training images (Debian's
# dataset-fashion-mnist) at 784-64-10, tested on its 10,000 test images; the
# README's recipe (Adam, 30 epochs of batches of 200): about 88% held out.
FASHION ?= /usr/share/datasets/fashion-mnist
fashion: $(NNWB)
	@mkdir -p $(BUILD)/data
	$(NNWB) data mnist --images $(FASHION)/train-images-idx3-ubyte.gz --labels $(FASHION)/train-labels-idx1-ubyte.gz \
	    --per-class 6000 --size 28 -o $(BUILD)/data/fashion-train.mat
	$(NNWB) data mnist --images $(FASHION)/t10k-images-idx3-ubyte.gz --labels $(FASHION)/t10k-labels-idx1-ubyte.gz \
	    --per-class 1000 --size 28 -o $(BUILD)/data/fashion-test.mat
	$(NNWB) train --data $(BUILD)/data/fashion-train.mat --test $(BUILD)/data/fashion-test.mat \
	    --hidden 64 --optimizer adam --iters 30 --batch 200 --lr 0.002 --lambda 0.3 \
	    --log $(BUILD)/data/fashion-cost.csv -o $(BUILD)/data/fashion-weights.mat

# The committed goldens hold the data groups too, so regenerating them without
# the data would silently drop checks: refuse instead.
GOLDEN_INPUTS := $(DATA_DIR)/ex4weights.mat $(DATA_DIR)/mnist/t10k-images-idx3-ubyte.gz \
                 $(DATA_DIR)/mnist/t10k-labels-idx1-ubyte.gz
goldens:
	@for f in $(GOLDEN_INPUTS); do [ -f "$$f" ] || { echo "make goldens: $$f not found (set DATA_DIR)" >&2; exit 1; }; done
	octave-cli --no-gui --quiet tests/oracle/make_goldens.m "$(DATA_DIR)" tests/oracle/goldens.h.tmp || \
	    { rm -f tests/oracle/goldens.h.tmp; exit 1; }
	mv tests/oracle/goldens.h.tmp tests/oracle/goldens.h

# The conjugate gradient's cost curves from the Octave oracle (tests/unit/test_optim.c).
.PHONY: goldens-train
goldens-train:
	@for f in $(GOLDEN_INPUTS); do [ -f "$$f" ] || { echo "make goldens-train: $$f not found (set DATA_DIR)" >&2; exit 1; }; done
	octave-cli --no-gui --quiet tests/oracle/make_goldens_train.m tests/oracle/goldens_train.h.tmp "$(DATA_DIR)" || \
	    { rm -f tests/oracle/goldens_train.h.tmp; exit 1; }
	mv tests/oracle/goldens_train.h.tmp tests/oracle/goldens_train.h

# The workbook (chapters/): one self-contained HTML file per language, with
# pandoc (chapters/book.sh, book.lua, book.css), each with its own language's
# figures; figures not yet drawn by `make plots` become a note. tests/cli/book.sh
# checks both in headless Chromium. `make excerpts` rewrites the code quoted in
# the chapters from the markers in solutions/, and the numbers and transcripts of
# the chapters and README.md from the commands their markers name (tests/excerpts.sh).
.PHONY: book excerpts
book:
	@sh chapters/book.sh en $(BUILD)/book.en.html
	@sh chapters/book.sh zh-CN $(BUILD)/book.zh-CN.html

excerpts:
	@if [ ! -d solutions ]; then \
	    echo "make excerpts: this is the student handout: the chapters' reference code is in the instructor's edition" >&2; exit 2; fi
	@DATA_DIR="$(DATA_DIR)" BUILD="$(BUILD)" NNWB="$(NNWB)" NNWB_KIT="$(KIT)" sh tests/excerpts.sh --update

# The students' copy, without the solutions: dist/nnwb-student.tar.gz (tools/handout.sh).
# CLASSROOM=1 adds the GitHub Classroom workflow (make classroom) and, with
# DATA_DIR, the data its checks need.
.PHONY: handout
handout: $(SOL_OBJ) $(BUILD)/lib/nn_kernel.o $(if $(CLASSROOM),classroom)
	@BUILD="$(BUILD)" CLASSROOM="$(CLASSROOM)" DATA_DIR="$(DATA_DIR)" sh tools/handout.sh dist/nnwb-student.tar.gz

# Gradescope: dist/gradescope-autograder.zip, setup.sh and run_autograder at
# its root (tools/gradescope/), the grader's sources and the data of DATA_DIR.
.PHONY: gradescope classroom
gradescope:
	@DATA_DIR="$(DATA_DIR)" GRADE_PKGS="$(GRADE_PKGS)" sh tools/gradescope.sh dist/gradescope-autograder.zip

# GitHub Classroom: .github/workflows/classroom.yml for the students'
# repository, one test per chapter's point (tools/classroom.sh).
classroom:
	@GRADE_PKGS="$(GRADE_PKGS)" sh tools/classroom.sh .github/workflows/classroom.yml

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# For the grader (tools/grade/build.c): how a student's chapter is compiled and
# a worker linked, the same for make check and nnwb grade; never with sanitizers.
print-compile:
	@echo $(CC) $(KIT_CFLAGS)
print-link:
	@echo $(CC) $(LDFLAGS) ::: $(LDLIBS)
