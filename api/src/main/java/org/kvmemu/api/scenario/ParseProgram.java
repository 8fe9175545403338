package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.List;
import org.kvmemu.api.guest.Instruction;

/**
 * {@code vcpu ID: INSTR ; INSTR ; ...}. The colon may touch the id or the first instruction
 * ({@code vcpu 0: sti}, {@code vcpu 0 : sti}, {@code vcpu 0:sti}); an empty program is allowed.
 */
final class ParseProgram {

    private static final String USAGE = " (expected 'vcpu ID: INSTR ; INSTR ...')";

    private ParseProgram() {
    }

    /** The program on {@code line}. */
    static VcpuProgram parse(ParseLine line, ParseIds ids) throws ScenarioException {
        List<LexToken> tokens = line.tokens();
        if (tokens.size() < 2) {
            throw line.errorAtEnd("missing vcpu id" + USAGE);
        }
        LexToken idWord = tokens.get(1);
        List<LexToken> body = new ArrayList<>();
        int colon = idWord.text().indexOf(':');
        int rest;
        if (colon >= 0) {
            addIfNotEmpty(body, idWord.from(colon + 1));
            idWord = idWord.before(colon);
            rest = 2;
        } else if (tokens.size() > 2 && tokens.get(2).text().startsWith(":")) {
            addIfNotEmpty(body, tokens.get(2).from(1));
            rest = 3;
        } else if (tokens.size() > 2) {
            throw line.error(tokens.get(2), "expected ':' after the vcpu id" + USAGE);
        } else {
            throw line.errorAtEnd("expected ':' after the vcpu id" + USAGE);
        }
        if (idWord.text().isEmpty()) {
            throw line.error(idWord, "missing vcpu id" + USAGE);
        }
        int vcpu = ids.vcpu(line, idWord);
        body.addAll(tokens.subList(rest, tokens.size()));
        return new VcpuProgram(vcpu, instructions(line, body, ids), line.location());
    }

    private static List<Instruction> instructions(ParseLine line, List<LexToken> body, ParseIds ids)
            throws ScenarioException {
        List<Instruction> program = new ArrayList<>();
        List<LexToken> current = new ArrayList<>();
        LexToken lastSemicolon = null;
        for (LexToken token : body) {
            if (token.is(";")) {
                if (current.isEmpty()) {
                    throw line.error(token, "missing instruction before ';'");
                }
                program.add(ParseInstruction.parse(line, current, ids));
                current.clear();
                lastSemicolon = token;
            } else {
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            program.add(ParseInstruction.parse(line, current, ids));
        } else if (lastSemicolon != null) {
            throw line.error(lastSemicolon, "missing instruction after ';'");
        }
        return List.copyOf(program);
    }

    private static void addIfNotEmpty(List<LexToken> tokens, LexToken token) {
        if (!token.text().isEmpty()) {
            tokens.add(token);
        }
    }
}
