"""What the scanner benchmarks share: the filler text of their generated files, the markings
and keywords sprinkled in it, running ``python -m baomi.scanner`` and timing commands in turns.

The filler is mixed Chinese/English office prose drawn from a fixed vocabulary with a seeded
``random.Random``. It never contains a marking or a benchmark keyword by construction (checked
when the line pool is built): the only ones in a generated file are those the generator put
there, so it knows exactly what a scan must find. It does contain words such as 秘密花园 and
机密文件柜, which are ordinary text and must not be reported.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import common


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Part of the generated files' parameters: bump it when the generators change what they write.
GENERATOR_VERSION = 2

# Ordinary words that merely contain 秘密/机密/内部: no finding (unless listed as keywords).
BAIT = ("秘密花园", "机密文件柜", "内部装修", "内部讨论")

_ZH = _words(
    "关于 做好 工作 通知 会议 纪要 年度 预算 财务 报告 项目 进度 安排 部门 人员 培训 考核 办公室 "
    "采购 合同 审批 流程 制度 管理 规定 落实 推进 检查 整改 情况 汇报 领导 同志 单位 组织 方案 "
    "实施 完成 目标 任务 质量 安全 生产 技术 研发 测试 系统 数据 平台 服务 客户 市场 销售 季度 "
    "统计 分析 结果 问题 建议 措施 要求 及时 认真 进一步 加强 提高 确保 有关 事项 如下 附件 "
    "联系人 电话 地址 日期 上午 下午 北京 上海 广州 深圳 成都 西安 武汉 南京 杭州 天津 重庆 "
    "设备 维护 更新 升级 网络 服务器 机房 值班 后勤 车辆 食堂 宿舍 档案 资料 文件 印章 会签 "
    "报销 发票 差旅 费用 工资 社保 公积金 招聘 入职 离职 调动 晋升 职称 评审 专家 论证 验收 "
    "交付 供应商 库存 物资 仓库 运输 物流 计量 标准 规范 指标 绩效 奖励 处分 通报 表扬 批评 "
    "学习 贯彻 精神 讲话 文化 宣传 活动 工会 团委 党支部 志愿者 节日 慰问 体检 健康 疫情 防控 "
    "应急 演练 消防 用电 节能 环保 绿化 卫生 清洁 会议室 投影仪 打印机 复印 扫描 邮件 传真"
)
_EN = _words(
    "the of and to in for on with by from at as is are was be this that report meeting budget "
    "project schedule review quarterly team please update deadline draft version data server "
    "network customer sales revenue plan status action items owner follow up minutes agenda "
    "approved pending invoice payment contract vendor delivery quality testing release build "
    "support ticket issue resolved backlog sprint milestone estimate forecast summary appendix "
    "office training policy procedure audit compliance safety inventory warehouse shipment"
)
_PUNCT = "，，，。。；、：（）"

# Keywords: 40 code names (characters that never occur in the filler) x 4 suffixes, and 40
# English ones. All are whole fixed strings; none is part of another and no two can overlap,
# so occurrence counts do not depend on a matcher's overlap rules.
_CODENAMES = _words(
    "玄鸟 青鸾 烛龙 鲲鹏 麒麟 朱雀 白泽 獬豸 貔貅 橐驼 螣蛇 九婴 夔牛 蛟螭 鸱吻 狻猊 睚眦 螭龙 "
    "饕餮 梼杌 穷奇 鸣蛇 夸父 羲和 望舒 祝融 共鼓 句芒 蛊雕 玄冥 虬龙 鸾凤 凫徯 乘黄 陆吾 猰貐 "
    "帝江 钦原 孟极 鹿蜀"
)
_SUFFIXES = ("工程", "计划", "专项", "型号")
_BIRDS = _words(
    "KESTREL OSPREY HERON EGRET PLOVER CURLEW WARBLER THRUSH SPARROW FINCH BUNTING LINNET "
    "SISKIN CRANE STORK IBIS PETREL GANNET PUFFIN TERN SKUA AVOCET DUNLIN GODWIT LAPWING "
    "MERLIN HOBBY SHRIKE ORIOLE TANAGER VIREO WREN NUTHATCH PIPIT WAGTAIL SWIFT MARTIN "
    "JACKDAW ROOK RAVEN"
)

# Markings as documents really carry them (and variants); one sprinkled into a few files.
MARKINGS = (
    "绝密★",
    "机密★10年",
    "秘密★1年",
    "机密★长期",
    "★5年",
    "密级：机密",
    "密级:秘密",
    "内部资料",
    "内部★",
    "注意保存",
    "绝 密 ★",
    "机密☆１０年",
    "秘密＊５年",
)
_MARKING_PARTS = ("绝密", "机密", "秘密", "内部", "注意保存", "密级", "★", "☆", "＊")


def keywords() -> list[str]:
    """The benchmark keyword list (200 whole fixed strings), always the same."""
    words = [name + suffix for name in _CODENAMES for suffix in _SUFFIXES]
    words += [f"{bird}-{(n * 7919) % 9000 + 1000}" for n, bird in enumerate(_BIRDS, 1)]
    for a in words:
        for b in words:
            overlap = any(a.endswith(b[:k]) for k in range(1, min(len(a), len(b))))
            if a != b and (a in b or overlap):
                raise AssertionError(f"keywords {a!r} and {b!r} overlap")
    return words


def write_keywords(path: Path) -> list[str]:
    words = keywords()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    return words


class Filler:
    """A pool of filler lines, each built from the vocabulary (without its newline)."""

    def __init__(self, rng: random.Random, size: int = 4096) -> None:
        _check_vocabulary()
        self.rng = rng
        self.lines = [self._line() for _ in range(size)]

    def _token(self) -> str:
        r = self.rng.random()
        if r < 0.70:
            word = self.rng.choice(_ZH)
            return word + self.rng.choice(_PUNCT) if self.rng.random() < 0.25 else word
        if r < 0.90:
            return f" {self.rng.choice(_EN)} "
        if r < 0.995:
            return f" {self.rng.randrange(1, 100_000)} "
        return self.rng.choice(BAIT)

    def _line(self, word: str = "") -> str:
        tokens = [self._token() for _ in range(self.rng.randrange(6, 40))]
        if word:
            tokens.insert(
                self.rng.randrange(len(tokens) + 1), f" {word} " if word.isascii() else word
            )
        return "".join(tokens).replace("  ", " ").strip()

    def line(self) -> str:
        return self.rng.choice(self.lines)

    def phrase(self, limit: int) -> str:
        """Filler of whole tokens, at most ``limit`` characters unless its one token is longer
        (cutting a token could leave a bare 秘密 of 秘密花园, which is a marking)."""
        if limit <= 0:
            return ""
        text = self._token().strip()
        while len(text) < limit:
            token = self._token()
            if len(text) + len(token.rstrip()) > limit:
                break
            text += token
        return text.strip().replace("  ", " ")

    def paragraph(self, lines: int) -> str:
        return "".join(self.rng.choices(self.lines, k=lines))

    def with_word(self, word: str) -> str:
        """A new filler line with ``word`` between two of its tokens."""
        return self._line(word)


def _check_vocabulary() -> None:
    """Filler text made of the vocabulary can hold no keyword and no marking, whichever tokens
    meet: Chinese keywords contain code-name characters the vocabulary never uses, English ones
    a hyphen it never uses, and no two tokens joined make a marking (outside the bait words)."""
    tokens = [*_ZH, *BAIT, *_PUNCT]
    if set("".join(_CODENAMES)) & set("".join(tokens)) or "-" in "".join(tokens) + "".join(_EN):
        raise AssertionError("the filler vocabulary shares characters with the keywords")
    for a in tokens:
        for b in tokens:
            joined = a + b
            for bait in BAIT:
                joined = joined.replace(bait, "|")
            if any(part in joined for part in _MARKING_PARTS):
                raise AssertionError(f"the filler tokens {a!r} {b!r} make a marking")


def scanner_command(paths: Sequence[str | Path], *options: str) -> list[str]:
    """``python -m baomi.scanner PATHS --json OPTIONS`` with this interpreter."""
    return [sys.executable, "-m", "baomi.scanner", *map(str, paths), "--json", *options]


def scanner_env() -> dict[str, str]:
    """The environment the scanner runs in: with its modules' compiled bytecode kept (in
    bench/out/pycache), as an installed baomi has it, even where the environment turns
    bytecode off (PYTHONDONTWRITEBYTECODE): else every run compiles the scanner again (~40 ms
    of start-up that no installation pays)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("PYTHONPYCACHEPREFIX", str(common.OUT / "pycache"))
    return env


def run_scanner(paths: Sequence[str | Path], *options: str) -> list[dict[str, Any]]:
    """Run the scanner, return its JSON-lines report; fail unless it exits 0 or 1."""
    out = subprocess.run(
        scanner_command(paths, *options), capture_output=True, check=False, env=scanner_env()
    )
    if out.returncode not in (0, 1):
        sys.exit(f"scanner exited {out.returncode}: {out.stderr.decode(errors='replace')[-2000:]}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def summary_of(report: list[dict[str, Any]]) -> dict[str, Any]:
    summaries = [r for r in report if r.get("type") == "summary"]
    if len(summaries) != 1:
        sys.exit(f"the scanner report has {len(summaries)} summaries, expected one")
    return summaries[0]


def warm(paths: Sequence[Path]) -> int:
    """Read every file once (into the page cache); returns the bytes read."""
    total = 0
    for path in paths:
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                total += len(chunk)
    return total


def interleaved(funcs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, dict[str, Any]]:
    """Wall seconds of the fastest of ``repeat`` runs of each function, run in turns so that a
    change of machine load hits every measure alike; ``result`` is what the last run returned."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.perf_counter()
            results[name] = func()
            times[name].append(time.perf_counter() - start)
    return {
        name: {
            "seconds": round(min(t), 3),
            "runs": [round(x, 3) for x in t],
            "result": results[name],
        }
        for name, t in times.items()
    }


def save(name: str, result: dict[str, Any]) -> Path:
    common.OUT.mkdir(parents=True, exist_ok=True)
    path = common.OUT / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return path
