import QtQuick
import QtQuick.Layouts
import "."

Card {
    id: facts
    required property QtObject caseVm
    title: qsTr("Case {number}").replace("{number}", caseVm.caseNumber)
    objectName: "case_facts"

    DeskText {
        objectName: "case_status"
        text: qsTr("Status: {status}").replace("{status}", facts.caseVm.statusName)
        font.weight: Font.Bold
        Layout.fillWidth: true
    }
    DeskText {
        text: qsTr("Application: {permit}").replace("{permit}", facts.caseVm.permit)
        Layout.fillWidth: true
    }
    DeskText {
        text: qsTr("Resident's language: {language}").replace("{language}", facts.caseVm.residentLanguage)
        Layout.fillWidth: true
    }
    DeskText {
        text: facts.caseVm.source + (facts.caseVm.pending ? " · " + qsTr("changes waiting to be sent") : "")
        color: CounterStyle.textMuted
        font.pixelSize: CounterStyle.small
        Layout.fillWidth: true
    }
}
