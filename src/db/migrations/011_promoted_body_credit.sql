-- A promoted community answer is credited by its entry's author (shown under the answer); its body
-- carried a second credit line, "*From the community: answered by <@…> in Q&A #N.*". Drop that line.
UPDATE kb_entries
   SET body = rtrim(substr(body, 1, instr(body, char(10) || char(10) || '*From the community: answered by <@') - 1))
 WHERE guild_id IS NOT NULL AND author_id IS NOT NULL
   AND instr(body, char(10) || char(10) || '*From the community: answered by <@') > 0;
